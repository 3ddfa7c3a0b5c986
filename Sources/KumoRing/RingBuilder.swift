import Foundation

/// The editable description of a ring: its devices and the current partition assignment.
///
/// Change devices, then `rebalance(now:seed:)` to reassign partition-replicas, then `makeRing`
/// to get the read-only `Ring` that proxies and storage servers load. The builder itself is kept
/// in a JSON builder file (`save(to:)` / `load(from:)`) between runs, because the next
/// rebalance must know the current assignment and when each partition last moved.
public struct RingBuilder: Sendable, Equatable {
    /// The largest replica count a builder accepts.
    public static let maxReplicas = 255
    /// The largest device id plus one that fits the ring table (0xFFFF is never an id).
    static let deviceIDLimit = 0xFFFF

    /// The ring has 2^partPower partitions.
    public let partPower: Int
    public let replicas: Int
    /// Hours during which at most one replica of a partition may move.
    public private(set) var minPartHours: Int
    /// How far (0.1 = 10%) a device may exceed its weight share so that replicas spread over more
    /// regions, zones and servers; 0 follows weights exactly and spreads replicas only as far as
    /// weights allow.
    public private(set) var overload: Double
    /// Increases with every change to devices and every rebalance that moved something; rings made
    /// from the builder carry it.
    public internal(set) var version: Int
    /// Devices in id order.
    public internal(set) var devices: [RingDevice]
    /// Removed devices that may still hold partitions; the next rebalance empties and drops them.
    public internal(set) var removedDevices: [RingDevice]
    var nextDeviceID: Int
    /// `table[replica][partition]`: a device id; empty until the first rebalance.
    var table: [[UInt16]]
    /// Per partition, seconds since 1970 when a replica holding data last moved; 0 for never.
    var lastMoved: [UInt32]

    public init(partPower: Int, replicas: Int, minPartHours: Int = 1, overload: Double = 0) throws(RingError) {
        guard (1...24).contains(partPower) else { throw .badPartPower(partPower) }
        guard (1...Self.maxReplicas).contains(replicas) else { throw .badReplicaCount(replicas) }
        try Self.check(minPartHours: minPartHours)
        try Self.check(overload: overload)
        self.partPower = partPower
        self.replicas = replicas
        self.minPartHours = minPartHours
        self.overload = overload
        version = 0
        devices = []
        removedDevices = []
        nextDeviceID = 0
        table = []
        lastMoved = [UInt32](repeating: 0, count: 1 << partPower)
    }

    public var partitionCount: Int { 1 << partPower }

    public func device(id: Int) -> RingDevice? {
        devices.first { $0.id == id }
    }

    /// The device ids holding each replica of `partition`, in replica order; empty before the
    /// first rebalance.
    public func deviceIDs(partition: Int) -> [Int] {
        table.map { Int($0[partition]) }
    }

    public mutating func setMinPartHours(_ hours: Int) throws(RingError) {
        try Self.check(minPartHours: hours)
        minPartHours = hours
    }

    public mutating func setOverload(_ overload: Double) throws(RingError) {
        try Self.check(overload: overload)
        self.overload = overload
        version += 1
    }

    /// Adds a device with the next unused id; it gets partitions at the next rebalance.
    @discardableResult
    public mutating func addDevice(
        region: Int = 1, zone: Int, ip: String, port: Int, device name: String, weight: Double, meta: String = ""
    ) throws(RingError) -> RingDevice {
        guard !ip.isEmpty else { throw .invalidDevice("the ip is empty") }
        guard !name.isEmpty, !name.contains("/") else { throw .invalidDevice("bad device name '\(name)'") }
        guard (1...65535).contains(port) else { throw .invalidDevice("port \(port) is out of range (1...65535)") }
        try Self.check(weight: weight)
        if let existing = devices.first(where: { $0.ip == ip && $0.port == port && $0.device == name }) {
            throw .duplicateDevice(ip: ip, port: port, device: name, existingID: existing.id)
        }
        guard nextDeviceID < Self.deviceIDLimit else { throw .tooManyDevices }
        let device = RingDevice(
            id: nextDeviceID, region: region, zone: zone, ip: ip, port: port, device: name, weight: weight,
            meta: meta)
        nextDeviceID += 1
        devices.append(device)
        version += 1
        return device
    }

    /// Removes a device; the next rebalance moves all its partition-replicas elsewhere.
    public mutating func removeDevice(id: Int) throws(RingError) {
        guard let index = devices.firstIndex(where: { $0.id == id }) else { throw .unknownDevice(id: id) }
        let device = devices.remove(at: index)
        if !table.isEmpty {
            removedDevices.append(device)
            removedDevices.sort { $0.id < $1.id }
        }
        version += 1
    }

    /// Changes a device's weight; 0 makes the next rebalance move all its partition-replicas away.
    public mutating func setWeight(_ weight: Double, ofDevice id: Int) throws(RingError) {
        try Self.check(weight: weight)
        guard let index = devices.firstIndex(where: { $0.id == id }) else { throw .unknownDevice(id: id) }
        devices[index].weight = weight
        version += 1
    }

    /// Reassigns partition-replicas for the current devices and weights, moving as few as possible.
    ///
    /// Replicas on removed or zero-weight devices always move. Any other replica moves only to
    /// improve dispersion or balance, and only if no replica of its partition moved in the last
    /// `minPartHours` (then no other replica of it moves in this rebalance). The same builder,
    /// `now` and `seed` give the same result.
    @discardableResult
    public mutating func rebalance(now: Date = Date(), seed: UInt64 = 0) throws(RingError) -> RebalanceResult {
        guard !devices.isEmpty else { throw .noDevices }
        let weighted = devices.count { $0.weight > 0 }
        guard weighted >= replicas else { throw .notEnoughDevices(replicas: replicas, weighted: weighted) }
        let partitions = partitionCount

        var dense = [Int32](repeating: -2, count: nextDeviceID)
        for (index, device) in devices.enumerated() { dense[device.id] = Int32(index) }
        var original = [Int32](repeating: -1, count: partitions * replicas)
        if !table.isEmpty {
            for replica in 0..<replicas {
                let row = table[replica]
                for partition in 0..<partitions {
                    let id = Int(row[partition])
                    original[partition * replicas + replica] = id < dense.count ? dense[id] : -2
                }
            }
        }

        let seconds = UInt32(clamping: max(1, Int64(now.timeIntervalSince1970.rounded(.down))))
        let tree = TierTree(devices: devices, replicas: replicas, partitions: partitions, overload: overload)
        var engine = Rebalancer(
            tree: tree, replicas: replicas, original: original, lastMoved: lastMoved, now: seconds,
            minPartHours: minPartHours, seed: seed)
        engine.run()

        let moved = engine.moved
        let placed = engine.placed
        if moved + placed > 0 || !removedDevices.isEmpty {
            table = (0..<replicas).map { replica in
                (0..<partitions).map { UInt16(devices[Int(engine.assignment[$0 * replicas + replica])].id) }
            }
            lastMoved = engine.lastMoved
            removedDevices = []
            version += 1
        }
        return RebalanceResult(
            moved: moved, placed: placed, balance: engine.balance, dispersion: engine.dispersion, version: version)
    }

    /// The read-only ring for the current assignment, carrying `version` (the builder's by default).
    public func makeRing(secret: HashPathSecret, version: Int? = nil) throws(RingError) -> Ring {
        guard !table.isEmpty else { throw .notRebalanced }
        return Ring(
            version: version ?? self.version, partPower: partPower,
            devices: (devices + removedDevices).sorted { $0.id < $1.id }, table: table, secret: secret)
    }

    static func check(minPartHours: Int) throws(RingError) {
        guard minPartHours >= 0 else { throw .badSetting(name: "min part hours", reason: "\(minPartHours) is negative") }
    }

    static func check(overload: Double) throws(RingError) {
        guard overload.isFinite, overload >= 0 else {
            throw .badSetting(name: "overload", reason: "\(overload) is not a finite number >= 0")
        }
    }

    static func check(weight: Double) throws(RingError) {
        guard weight.isFinite, weight >= 0 else { throw .invalidDevice("weight \(weight) is not a finite number >= 0") }
    }
}
