import Crypto
import Foundation

/// The ring file, all integers little-endian:
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | magic "KRNG" |
/// | 4 | 2 | file format, 1 |
/// | 6 | 4 | header length H |
/// | 10 | H | header, UTF-8 JSON: `{"version", "partPower", "replicas", "devices": [RingDevice]}` |
/// | 10 + H | 2 · replicas · 2^partPower | the table: device ids as UInt16, replica by replica, each row by partition |
/// | end − 32 | 32 | SHA-256 of everything before it |
///
/// The hash path secret is not in the file. Files are written atomically (temporary file, fsync,
/// rename, fsync of the directory), so a reader sees the old ring or the whole new one.
extension Ring {
    static let magic: [UInt8] = Array("KRNG".utf8)
    static let fileFormat: UInt16 = 1
    private static let prefixSize = 10
    private static let checksumSize = 32

    private struct Header: Codable {
        var version: Int
        var partPower: Int
        var replicas: Int
        var devices: [RingDevice]
    }

    /// The ring in the ring file format.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Plain integers, strings and finite doubles always encode.
        let header = try! encoder.encode(
            Header(version: version, partPower: partPower, replicas: replicaCount, devices: devices))
        var bytes = Self.magic
        bytes.reserveCapacity(Self.prefixSize + header.count + 2 * replicaCount * partitionCount + Self.checksumSize)
        ByteCoding.append(Self.fileFormat, to: &bytes)
        ByteCoding.append(UInt32(header.count), to: &bytes)
        bytes.append(contentsOf: header)
        for row in table { ByteCoding.append(row, to: &bytes) }
        bytes.append(contentsOf: SHA256.hash(data: bytes))
        return bytes
    }

    /// Reads a ring from ring file bytes; throws `RingError.corruptRingFile` (with no path) when
    /// they are not a valid ring.
    public init(decoding bytes: [UInt8], secret: HashPathSecret) throws(RingError) {
        func corrupt(_ reason: String) -> RingError { .corruptRingFile(path: nil, reason: reason) }
        guard bytes.count >= Self.prefixSize + Self.checksumSize else { throw corrupt("only \(bytes.count) bytes") }
        guard Array(bytes[0..<4]) == Self.magic else { throw corrupt("not a ring file (bad magic)") }
        let format = ByteCoding.read(UInt16.self, from: bytes, at: 4)
        guard format == Self.fileFormat else { throw corrupt("unknown ring file format \(format)") }
        let body = bytes.count - Self.checksumSize
        guard Array(SHA256.hash(data: bytes[0..<body])) == Array(bytes[body...]) else {
            throw corrupt("checksum mismatch (truncated or damaged)")
        }
        let headerSize = Int(ByteCoding.read(UInt32.self, from: bytes, at: 6))
        guard headerSize <= body - Self.prefixSize else { throw corrupt("header length \(headerSize) is past the end") }
        let tableStart = Self.prefixSize + headerSize
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[Self.prefixSize..<tableStart]))
        } catch {
            throw corrupt("unreadable header: \(error)")
        }
        guard (1...24).contains(header.partPower) else { throw corrupt("partition power \(header.partPower)") }
        guard (1...RingBuilder.maxReplicas).contains(header.replicas) else {
            throw corrupt("replica count \(header.replicas)")
        }
        let ids = header.devices.map(\.id)
        guard ids.allSatisfy({ (0..<RingBuilder.deviceIDLimit).contains($0) }), ids == ids.sorted(),
            Set(ids).count == ids.count
        else { throw corrupt("device ids are duplicated, unordered or out of range") }
        let partitions = 1 << header.partPower
        guard body - tableStart == 2 * header.replicas * partitions else {
            throw corrupt("the table has \(body - tableStart) bytes, not \(2 * header.replicas * partitions)")
        }
        let table = (0..<header.replicas).map { replica in
            ByteCoding.unpack(UInt16.self, count: partitions, from: bytes, at: tableStart + 2 * replica * partitions)
        }
        var known = [Bool](repeating: false, count: 1 << 16)
        for id in ids { known[id] = true }
        guard table.allSatisfy({ $0.allSatisfy { known[Int($0)] } }) else {
            throw corrupt("the table names a device that is not in the ring")
        }
        self.init(
            version: header.version, partPower: header.partPower, devices: header.devices, table: table,
            secret: secret)
    }

    /// Loads a ring file.
    public init(contentsOf path: String, secret: HashPathSecret) throws(RingError) {
        try self.init(decoding: FileIO.contents(of: path).bytes, secret: secret, path: path)
    }

    init(decoding bytes: [UInt8], secret: HashPathSecret, path: String) throws(RingError) {
        do {
            try self.init(decoding: bytes, secret: secret)
        } catch .corruptRingFile(_, let reason) {
            throw .corruptRingFile(path: path, reason: reason)
        }
    }

    /// Writes the ring file atomically.
    public func write(to path: String) throws(RingError) {
        try FileIO.writeAtomically(encoded(), to: path)
    }
}
