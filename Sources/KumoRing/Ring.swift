/// A read-only ring: which devices hold each partition's replicas and which to try instead when
/// they fail. Made by `RingBuilder.makeRing(secret:version:)` or loaded from a ring file.
public struct Ring: Sendable, Equatable {
    /// Increases with every builder change; a newer ring file has a larger version.
    public let version: Int
    /// The ring has 2^partPower partitions.
    public let partPower: Int
    /// Every device the table refers to, in id order.
    public let devices: [RingDevice]
    /// The cluster's hash path secret, used by `partition` and `hash`.
    public let secret: HashPathSecret
    /// `table[replica][partition]`: a device id.
    let table: [[UInt16]]
    /// `indexByID[id]`: the device's index in `devices`, or -1.
    let indexByID: [Int32]
    /// Per device index: dense ids of its zone and server, for choosing handoffs.
    let zoneIndex: [Int]
    let serverIndex: [Int]

    /// `table` must have at least one row of 2^partPower entries, each naming a device in `devices`.
    init(version: Int, partPower: Int, devices: [RingDevice], table: [[UInt16]], secret: HashPathSecret) {
        self.version = version
        self.partPower = partPower
        self.devices = devices
        self.table = table
        self.secret = secret
        var indexByID = [Int32](repeating: -1, count: (devices.map(\.id).max() ?? -1) + 1)
        var zones: [[Int]: Int] = [:]
        var servers: [String: Int] = [:]
        var zoneIndex: [Int] = []
        var serverIndex: [Int] = []
        for (index, device) in devices.enumerated() {
            indexByID[device.id] = Int32(index)
            let zone = [device.region, device.zone]
            zoneIndex.append(zones[zone] ?? { zones[zone] = zones.count; return zones.count - 1 }())
            let server = "\(device.region)/\(device.zone)/\(device.ip):\(device.port)"
            serverIndex.append(servers[server] ?? { servers[server] = servers.count; return servers.count - 1 }())
        }
        self.indexByID = indexByID
        self.zoneIndex = zoneIndex
        self.serverIndex = serverIndex
    }

    public var replicaCount: Int { table.count }
    public var partitionCount: Int { 1 << partPower }

    /// The partition of an account, container or object: the first four bytes of the path's MD5
    /// (see `HashPathSecret.digest`) as a big-endian number, shifted right by 32 - partPower.
    public func partition(account: String, container: String? = nil, object: String? = nil) -> Int {
        let digest = secret.digest(account: account, container: container, object: object)
        let top = UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
        return Int(top >> UInt32(32 - partPower))
    }

    /// The path's MD5 as 32 hex characters.
    public func hash(account: String, container: String? = nil, object: String? = nil) -> String {
        secret.hash(account: account, container: container, object: object)
    }

    /// The devices holding the partition's replicas, in replica order.
    public func primaryNodes(partition: Int) -> [RingDevice] {
        precondition((0..<partitionCount).contains(partition), "partition \(partition) is out of range")
        return table.map { devices[Int(indexByID[Int($0[partition])])] }
    }

    /// The partition of a path and its primary devices.
    public func nodes(account: String, container: String? = nil, object: String? = nil)
        -> (partition: Int, nodes: [RingDevice])
    {
        let partition = partition(account: account, container: container, object: object)
        return (partition, primaryNodes(partition: partition))
    }

    /// Devices to use when primaries fail, best first; see `HandoffNodes`.
    public func handoffNodes(partition: Int) -> HandoffNodes {
        precondition((0..<partitionCount).contains(partition), "partition \(partition) is out of range")
        return HandoffNodes(ring: self, partition: partition)
    }
}
