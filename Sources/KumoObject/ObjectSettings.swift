import KumoConfig
import KumoRing
import KumoRuntime

/// Settings of the object store (table `[object]`): `proxy_listen_address`, `proxy_port`,
/// `storage_listen_address`, `hash_path_suffix`, `node_timeout_seconds`, `reclaim_age_seconds`,
/// `replication_interval_seconds`, `audit_bytes_per_second`, `max_object_bytes`.
public struct ObjectSettings: Sendable {
    public var proxyListenAddress: String
    public var proxyPort: Int
    public var storageListenAddress: String
    public var secret: HashPathSecret
    public var nodeTimeout: Duration
    public var reclaimAge: Duration
    public var replicationInterval: Duration
    public var auditBytesPerSecond: Int
    public var maxObjectBytes: Int
    /// `<state_dir>/object`: rings and the storage nodes' devices.
    public var root: String

    public init(_ settings: KumoSettings) throws {
        let reader = settings.reader
        proxyListenAddress = try reader.string("object.proxy_listen_address")
        proxyPort = try reader.int("object.proxy_port", in: 1...65535)
        storageListenAddress = try reader.string("object.storage_listen_address")
        secret = try HashPathSecret(suffix: try reader.string("object.hash_path_suffix", nonEmpty: true))
        nodeTimeout = .seconds(try reader.int("object.node_timeout_seconds", in: 1...600))
        reclaimAge = .seconds(try reader.int("object.reclaim_age_seconds", in: 1...(86400 * 365)))
        replicationInterval = .seconds(try reader.int("object.replication_interval_seconds", in: 1...86400))
        auditBytesPerSecond = try reader.int("object.audit_bytes_per_second", in: 0...(1 << 40))
        maxObjectBytes = try reader.int("object.max_object_bytes", in: 1...(1 << 50))
        root = settings.stateDirectory + "/object"
    }

    /// The ring file of `kind`.
    public func ringFile(_ kind: RingKind) -> String { "\(root)/rings/\(kind.rawValue).ring" }
    /// The builder file of `kind`.
    public func builderFile(_ kind: RingKind) -> String { "\(root)/rings/\(kind.rawValue).builder" }
    /// The devices directory of storage node `node`.
    public func nodeRoot(_ node: String) -> String { "\(root)/nodes/\(node)" }
}

/// The three rings of the object store.
public enum RingKind: String, Sendable, CaseIterable {
    case account, container, object
}
