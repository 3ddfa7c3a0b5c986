/// Keeps the hosts with the flavor's root and ephemeral disk free (reserved disk and the disk allocation ratio applied).
struct DiskFilter: ResourceFilter {
    static let unit = "GiB"
    let requested: Int

    init?(_ request: PlacementRequest) { requested = request.diskGB }

    static func inventory(_ host: UnsafePointer<ResourceProvider>) -> Inventory { host.pointee.diskGB }
}
