import Configuration
import Foundation

/// The type of a configuration value.
public enum ConfigValueType: String, Sendable {
    case string, int, double, bool
}

/// One key Kumo reads: its dotted name (`bus.port`, environment `KUMO_BUS_PORT`), type and default.
public struct DeclaredKey: Sendable {
    public let name: String
    public let type: ConfigValueType
    public let defaultValue: ConfigContent

    public init(_ name: String, _ defaultValue: ConfigContent) {
        self.name = name
        self.defaultValue = defaultValue
        self.type =
            switch defaultValue {
            case .int: .int
            case .double: .double
            case .bool: .bool
            default: .string
            }
    }

    /// The environment variable that overrides this key.
    public var environmentVariable: String {
        "KUMO_" + name.replacingOccurrences(of: ".", with: "_").uppercased()
    }
}

/// Every key Kumo reads, with its default; `etc/kumo.conf` documents the same keys (a test keeps them equal).
public enum ConfigSchema {
    public static let keys: [DeclaredKey] = [
        DeclaredKey("state_dir", .string("/var/lib/kumo")),
        DeclaredKey("log_level", .string("info")),
        DeclaredKey("host", .string("")),
        DeclaredKey("bus.host", .string("127.0.0.1")),
        DeclaredKey("bus.port", .int(5682)),
        DeclaredKey("bus.user", .string("guest")),
        DeclaredKey("bus.password", .string("guest")),
        DeclaredKey("bus.vhost", .string("/")),
        DeclaredKey("bus.heartbeat_seconds", .int(10)),
        DeclaredKey("bus.call_timeout_seconds", .int(30)),
        DeclaredKey("bus.cast_timeout_seconds", .int(60)),
        DeclaredKey("bus.prefetch", .int(64)),
        DeclaredKey("broker.manage", .bool(true)),
        DeclaredKey("broker.node_name", .string("kumo@localhost")),
        DeclaredKey("services.report_interval_seconds", .int(10)),
        DeclaredKey("services.down_after_seconds", .int(60)),
        DeclaredKey("identity.listen_address", .string("127.0.0.1")),
        DeclaredKey("identity.port", .int(5000)),
        DeclaredKey("identity.public_host", .string("127.0.0.1")),
        DeclaredKey("identity.region", .string("RegionOne")),
        DeclaredKey("identity.token_expiration_seconds", .int(3600)),
        DeclaredKey("identity.max_active_keys", .int(3)),
        DeclaredKey("identity.password_hash_cost", .int(14)),
        DeclaredKey("object.proxy_listen_address", .string("127.0.0.1")),
        DeclaredKey("object.proxy_port", .int(8080)),
        DeclaredKey("object.storage_listen_address", .string("127.0.0.1")),
        DeclaredKey("object.hash_path_suffix", .string("kumo")),
        DeclaredKey("object.node_timeout_seconds", .int(10)),
        DeclaredKey("object.reclaim_age_seconds", .int(604_800)),
        DeclaredKey("object.replication_interval_seconds", .int(30)),
        DeclaredKey("object.audit_bytes_per_second", .int(10_485_760)),
        DeclaredKey("object.max_object_bytes", .int(5_368_709_120)),
        DeclaredKey("image.listen_address", .string("127.0.0.1")),
        DeclaredKey("image.port", .int(9292)),
        DeclaredKey("image.service_password", .string("")),
        DeclaredKey("image.segment_bytes", .int(104_857_600)),
        DeclaredKey("image.max_image_bytes", .int(1_099_511_627_776)),
        DeclaredKey("compute.listen_address", .string("127.0.0.1")),
        DeclaredKey("compute.port", .int(8774)),
        DeclaredKey("compute.service_password", .string("")),
        DeclaredKey("compute.virt_type", .string("auto")),
        DeclaredKey("compute.libvirt_uri", .string("")),
        DeclaredKey("compute.availability_zone", .string("nova")),
        DeclaredKey("compute.host_ip", .string("127.0.0.1")),
        DeclaredKey("compute.report_interval_seconds", .int(10)),
        DeclaredKey("compute.reserved_host_memory_mb", .int(512)),
        DeclaredKey("compute.reserved_host_disk_gb", .int(0)),
        DeclaredKey("compute.max_instances_per_request", .int(10)),
        DeclaredKey("scheduler.weigher", .string("spread")),
        DeclaredKey("scheduler.cpu_allocation_ratio", .double(16.0)),
        DeclaredKey("scheduler.ram_allocation_ratio", .double(1.5)),
        DeclaredKey("scheduler.disk_allocation_ratio", .double(1.0)),
        DeclaredKey("scheduler.max_attempts", .int(3)),
    ]

    static let byName: [String: DeclaredKey] = Dictionary(uniqueKeysWithValues: keys.map { ($0.name, $0) })
}
