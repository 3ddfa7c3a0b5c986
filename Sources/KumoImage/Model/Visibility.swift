/// Who sees an image: everyone (`public`, listed; `community`, listed only on request), its owner
/// (`private`), or its owner and the projects it is shared with (`shared`, Glance's default).
enum Visibility: String, Codable, Sendable, CaseIterable {
    case `public`, community, shared, `private`
}

/// A project's answer to an image shared with it; only `accepted` images are in its default listing.
enum MemberStatus: String, Codable, Sendable, CaseIterable {
    case pending, accepted, rejected
}

/// The formats Glance accepts (its defaults of `disk_formats` and `container_formats`).
enum ImageFormats {
    static let disk = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"]
    static let container = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
}
