import KumoConfig
import KumoRuntime

/// Settings of a compute agent (table `[compute]`).
struct AgentSettings: Sendable {
    /// The host this agent serves (`kumod compute --host`, else the `host` key, else the host name).
    var host: String
    /// `auto`, `kvm` or `qemu`.
    var virtType: String
    /// Empty: the agent runs Kumo's own libvirtd for its host.
    var libvirtURI: String
    var availabilityZone: String
    var reportInterval: Duration
    var reservedMemoryMB: Int
    var reservedDiskGB: Int

    init(_ settings: KumoSettings) throws {
        let reader = settings.reader
        host = settings.host
        virtType = try reader.string("compute.virt_type")
        guard ["auto", "kvm", "qemu"].contains(virtType) else {
            throw ConfigError("configuration key 'compute.virt_type' must be auto, kvm or qemu, not \(virtType)")
        }
        libvirtURI = try reader.string("compute.libvirt_uri", nonEmpty: false)
        availabilityZone = try reader.string("compute.availability_zone")
        reportInterval = .seconds(try reader.int("compute.report_interval_seconds", in: 1...3600))
        reservedMemoryMB = try reader.int("compute.reserved_host_memory_mb", in: 0...(1 << 30))
        reservedDiskGB = try reader.int("compute.reserved_host_disk_gb", in: 0...(1 << 30))
    }
}
