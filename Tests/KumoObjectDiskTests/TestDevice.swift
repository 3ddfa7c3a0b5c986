import Crypto
import Foundation
import KumoObjectDisk
import Synchronization
import Testing

/// A device in a fresh directory under the system temporary directory, removed when released.
final class TestDevice: Sendable {
    let root: String
    let device: ObjectDevice

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/kumo-objdisk-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        device = try ObjectDevice(root: root)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Names in the device's `tmp/`.
    func temporaryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root + "/tmp")
    }

    func hashDirectory(partition: Int, hash: String) -> String {
        root + "/objects/\(partition)/\(hash.suffix(3))/\(hash)"
    }

    /// Every name in the hash directory, obsolete files included; `nil` if it does not exist.
    func names(partition: Int, hash: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: hashDirectory(partition: partition, hash: hash)).sorted()
    }

    /// Writes a whole object in chunks of at most `chunkSize`.
    @discardableResult
    func put(
        partition: Int = 7, hash: String, bytes: [UInt8], timestamp: ObjectTimestamp, name: String = "/a/c/o",
        contentType: String? = "application/octet-stream", userMetadata: [String: String] = [:],
        systemMetadata: [String: String] = [:], chunkSize: Int = 1000
    ) throws -> CommitOutcome {
        let writer = try device.createWriter(partition: partition, hash: hash, expectedLength: bytes.count)
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            try writer.write(bytes[start..<min(start + chunkSize, bytes.count)])
        }
        return try writer.commit(
            metadata: ObjectMetadata(
                name: name, timestamp: timestamp, contentLength: bytes.count, contentType: contentType,
                etag: md5Hex(bytes), userMetadata: userMetadata, systemMetadata: systemMetadata))
    }

    /// The reader of an object that must exist.
    func reader(partition: Int = 7, hash: String) throws -> ObjectReader {
        guard case .found(let reader) = try device.open(partition: partition, hash: hash) else {
            throw TestFailure("\(hash) not found")
        }
        return reader
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func timestamp(_ seconds: Int64, _ fraction: Int64 = 0) -> ObjectTimestamp {
    ObjectTimestamp(units: seconds * ObjectTimestamp.unitsPerSecond + fraction)!
}

func md5Hex(_ bytes: some Sequence<UInt8>) -> String {
    var md5 = Insecure.MD5()
    md5.update(data: Array(bytes))
    return md5.finalize().map { String(format: "%02x", $0) }.joined()
}

/// A 32-digit hash ending in `suffix`.
func hash(_ prefix: String = "", suffix: String) -> String {
    prefix + String(repeating: "0", count: 32 - prefix.count - suffix.count) + suffix
}

/// Bytes that differ from chunk to chunk.
func pattern(count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8 &+ Int(seed)) }
}

/// Reads a cursor to the end.
func readAll(_ chunks: ObjectChunks) throws -> [[UInt8]] {
    var chunks = chunks
    var all: [[UInt8]] = []
    while let chunk = try chunks.next() { all.append(chunk) }
    return all
}

/// A clock that only moves when slept on, to the deadline.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))
    private let sleepCount = Mutex(0)

    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .zero }
    var sleeps: Int { sleepCount.withLock { $0 } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        current.withLock { $0 = max($0, deadline) }
        sleepCount.withLock { $0 += 1 }
    }
}
