/// One storage device (disk) in a ring: where it is (region, zone, server) and how much it should hold.
public struct RingDevice: Sendable, Hashable, Codable {
    /// Unique within a ring; assigned by `RingBuilder` and stored in the ring table.
    public var id: Int
    public var region: Int
    public var zone: Int
    /// The storage server's address; `ip` and `port` together identify the server.
    public var ip: String
    public var port: Int
    /// The device's name on its server, e.g. "d1" (the directory it is mounted at).
    public var device: String
    /// Relative capacity: devices get partition-replicas in proportion to it; 0 empties the device.
    public var weight: Double
    /// Free-form notes for operators.
    public var meta: String

    public init(
        id: Int, region: Int = 1, zone: Int, ip: String, port: Int, device: String, weight: Double,
        meta: String = ""
    ) {
        self.id = id
        self.region = region
        self.zone = zone
        self.ip = ip
        self.port = port
        self.device = device
        self.weight = weight
        self.meta = meta
    }

    /// The server the device is on, as "ip:port".
    public var server: String { "\(ip):\(port)" }
}
