import Foundation

/// The builder file is JSON: the settings and devices as plain fields, the partition table as one
/// base64 string per replica (device ids as little-endian UInt16, one per partition) and the
/// per-partition last-move times as one base64 string (little-endian UInt32 seconds since 1970).
extension RingBuilder: Codable {
    /// The builder file layout this code writes and reads.
    static let fileFormat = 1

    private enum CodingKeys: String, CodingKey {
        case format, partPower, replicas, minPartHours, overload, version, nextDeviceID, devices,
            removedDevices, table, lastMoved
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.fileFormat, forKey: .format)
        try container.encode(partPower, forKey: .partPower)
        try container.encode(replicas, forKey: .replicas)
        try container.encode(minPartHours, forKey: .minPartHours)
        try container.encode(overload, forKey: .overload)
        try container.encode(version, forKey: .version)
        try container.encode(nextDeviceID, forKey: .nextDeviceID)
        try container.encode(devices, forKey: .devices)
        try container.encode(removedDevices, forKey: .removedDevices)
        try container.encode(table.map { Data(ByteCoding.pack($0)).base64EncodedString() }, forKey: .table)
        try container.encode(Data(ByteCoding.pack(lastMoved)).base64EncodedString(), forKey: .lastMoved)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func invalid(_ reason: String) -> DecodingError {
            .dataCorruptedError(forKey: .format, in: container, debugDescription: reason)
        }
        let format = try container.decode(Int.self, forKey: .format)
        guard format == Self.fileFormat else { throw invalid("unknown builder file format \(format)") }
        do {
            try self.init(
                partPower: container.decode(Int.self, forKey: .partPower),
                replicas: container.decode(Int.self, forKey: .replicas),
                minPartHours: container.decode(Int.self, forKey: .minPartHours),
                overload: container.decode(Double.self, forKey: .overload))
        } catch let error as RingError {
            throw invalid(error.description)
        }
        version = try container.decode(Int.self, forKey: .version)
        nextDeviceID = try container.decode(Int.self, forKey: .nextDeviceID)
        devices = try container.decode([RingDevice].self, forKey: .devices)
        removedDevices = try container.decode([RingDevice].self, forKey: .removedDevices)
        guard (0...Self.deviceIDLimit).contains(nextDeviceID) else { throw invalid("bad next device id \(nextDeviceID)") }
        guard (devices + removedDevices).allSatisfy({ $0.weight.isFinite && $0.weight >= 0 }) else {
            throw invalid("a device has a negative or non-finite weight")
        }
        let ids = (devices + removedDevices).map(\.id)
        guard Set(ids).count == ids.count, ids.allSatisfy({ (0..<nextDeviceID).contains($0) }) else {
            throw invalid("device ids are duplicated or out of range")
        }

        let partitions = partitionCount
        func unpack<T: FixedWidthInteger>(_ text: String, as type: T.Type, what: String) throws -> [T] {
            guard let data = Data(base64Encoded: text), data.count == partitions * MemoryLayout<T>.size else {
                throw invalid("\(what) is not \(partitions) base64-encoded values")
            }
            return ByteCoding.unpack(type, count: partitions, from: data, at: 0)
        }
        let rows = try container.decode([String].self, forKey: .table)
        guard rows.isEmpty || rows.count == replicas else {
            throw invalid("the table has \(rows.count) replica rows, not \(replicas)")
        }
        table = try rows.map { try unpack($0, as: UInt16.self, what: "a table row") }
        var known = [Bool](repeating: false, count: 1 << 16)
        for id in ids { known[id] = true }
        guard table.allSatisfy({ $0.allSatisfy { known[Int($0)] } }) else {
            throw invalid("the table names a device that is not in the builder")
        }
        lastMoved = try unpack(container.decode(String.self, forKey: .lastMoved), as: UInt32.self, what: "lastMoved")
    }
}

extension RingBuilder {
    /// Writes the builder file atomically (temporary file, fsync, rename, fsync of the directory).
    public func save(to path: String) throws(RingError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw .io(path: path, operation: "encode builder for", reason: "\(error)")
        }
        try FileIO.writeAtomically(Array(data), to: path)
    }

    public static func load(from path: String) throws(RingError) -> RingBuilder {
        let bytes = try FileIO.contents(of: path).bytes
        do {
            return try JSONDecoder().decode(RingBuilder.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            throw .corruptBuilderFile(path: path, reason: context.debugDescription)
        } catch {
            throw .corruptBuilderFile(path: path, reason: "\(error)")
        }
    }
}
