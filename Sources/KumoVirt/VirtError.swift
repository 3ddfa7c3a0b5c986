/// What the libvirt driver refuses or fails to do; cases carry the ids a caller needs.
public enum VirtError: Error, CustomStringConvertible, Sendable {
    /// `compute.virt_type` is not `auto`, `kvm` or `qemu`.
    case invalidVirtType(String)
    /// No libvirt domain has this instance's UUID.
    case instanceNotFound(uuid: String)
    /// An id that cannot name a file (image ids and instance UUIDs become file names).
    case invalidIdentifier(String)
    /// The instance's user data is not valid base64.
    case invalidUserData(uuid: String)
    /// The flavor's root disk is smaller than the image's virtual size.
    case rootDiskTooSmall(uuid: String, rootGB: Int, imageBytes: Int)
    /// `qemu-img info` said something the driver could not read.
    case unreadableImage(path: String)

    public var description: String {
        switch self {
        case .invalidVirtType(let value):
            "virt_type must be auto, kvm or qemu, not \(value)"
        case .instanceNotFound(let uuid):
            "instance \(uuid) has no domain on this host"
        case .invalidIdentifier(let id):
            "\(id) cannot be used as a file name"
        case .invalidUserData(let uuid):
            "user data of instance \(uuid) is not valid base64"
        case .rootDiskTooSmall(let uuid, let rootGB, let imageBytes):
            "instance \(uuid): root disk of \(rootGB) GiB is smaller than its image (\(imageBytes) bytes)"
        case .unreadableImage(let path):
            "qemu-img info could not read \(path)"
        }
    }
}
