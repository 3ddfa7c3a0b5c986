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
    /// The address other hosts reach this one at (`compute.host_ip`).
    var hostIP: String
    /// Identity's v3 URL and region, where the agent's service user `compute` signs in.
    var identityURL: String
    var region: String
    /// `<state_dir>/compute/<host>`: instances and the image cache of this host.
    var directory: String
    /// `<state_dir>/hosts/<host>/libvirt`: Kumo's own libvirtd of this host, when `libvirtURI` is empty.
    var libvirtDirectory: String

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
        hostIP = try reader.string("compute.host_ip")
        identityURL = "http://\(try reader.string("identity.public_host")):\(try reader.int("identity.port", in: 1...65535))/v3"
        region = try reader.string("identity.region")
        directory = "\(settings.stateDirectory)/compute/\(host)"
        libvirtDirectory = "\(settings.stateDirectory)/hosts/\(host)/libvirt"
    }
}
