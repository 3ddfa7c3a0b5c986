/// What a host offers guests, as its compute agent reports it.
public struct HostResources: Sendable, Equatable {
    public var vcpus: Int
    public var memoryMB: Int
    /// Size of the filesystem holding the instances directory.
    public var diskGB: Int
    /// e.g. `x86_64`.
    public var cpuArchitecture: String
    /// Always `QEMU` (the domain type is the driver's `VirtType`).
    public var hypervisorType: String
    /// major × 1,000,000 + minor × 1,000 + release, as Nova reports it.
    public var hypervisorVersion: Int

    public init(
        vcpus: Int, memoryMB: Int, diskGB: Int, cpuArchitecture: String, hypervisorType: String,
        hypervisorVersion: Int
    ) {
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
        self.cpuArchitecture = cpuArchitecture
        self.hypervisorType = hypervisorType
        self.hypervisorVersion = hypervisorVersion
    }
}
