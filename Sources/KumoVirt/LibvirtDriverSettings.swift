/// Where a `LibvirtDriver` finds its hypervisor and keeps its files.
public struct LibvirtDriverSettings: Sendable {
    /// The libvirt URI, e.g. a `LibvirtHost`'s `qemu+unix:///system?socket=…`.
    public var uri: String
    /// Holds one directory per instance, named by its UUID.
    public var instancesDirectory: String
    /// Holds the cached base images (`ImageCache`).
    public var imageCacheDirectory: String
    /// The domain type of every guest (see `VirtType.resolve`).
    public var virtType: VirtType
    /// The bridge guests' NICs are plugged into.
    public var bridge: HostBridge

    public init(
        uri: String, instancesDirectory: String, imageCacheDirectory: String, virtType: VirtType, bridge: HostBridge
    ) {
        self.uri = uri
        self.instancesDirectory = instancesDirectory
        self.imageCacheDirectory = imageCacheDirectory
        self.virtType = virtType
        self.bridge = bridge
    }
}
