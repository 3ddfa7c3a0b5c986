import Foundation
import KumoObjectDisk
import Testing

@Suite("Auditing and quarantine")
struct AuditTests {
    let disk: TestDevice
    let hash = md5Hex(Array("/a/c/audited".utf8))

    init() throws { disk = try TestDevice() }

    private var quarantined: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: disk.root + "/quarantined/objects")) ?? []
    }

    /// Flips one byte of the object's `.data` in place, keeping its metadata.
    private func flipByte(hash: String, at offset: UInt64) throws {
        let directory = disk.hashDirectory(partition: 7, hash: hash)
        let data = try #require(disk.names(partition: 7, hash: hash)?.first { $0.hasSuffix(".data") })
        let handle = try #require(FileHandle(forUpdatingAtPath: directory + "/" + data))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: [byte ^ 0x01])
    }

    @Test("an intact object passes")
    func passes() throws {
        try disk.put(hash: hash, bytes: pattern(count: 100_000), timestamp: timestamp(10))
        #expect(try disk.device.audit(partition: 7, hash: hash) == .passed(bytes: 100_000))
        #expect(try disk.device.audit(partition: 7, hash: md5Hex(Array("missing".utf8))) == .noData)
        #expect(quarantined.isEmpty)
    }

    @Test("a flipped byte is detected and the object quarantined")
    func flippedByte() throws {
        let bytes = pattern(count: 100_000)
        try disk.put(hash: hash, bytes: bytes, timestamp: timestamp(10))
        let before = try disk.device.suffixHashes(partition: 7, reclaimAge: .seconds(86_400))
        try flipByte(hash: hash, at: 70_000)

        let result = try disk.device.audit(partition: 7, hash: hash)
        guard case .quarantined(.etagMismatch(let expected, let actual), let path) = result else {
            throw TestFailure("\(result)")
        }
        #expect(expected == md5Hex(bytes))
        #expect(actual != expected)
        #expect(disk.names(partition: 7, hash: hash) == nil)
        #expect(quarantined.count == 1)
        #expect(quarantined.first?.hasPrefix(hash + "-") == true)
        #expect(path == disk.device.quarantinePath + "/" + quarantined[0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["0000000010.00000.data"])
        guard case .notFound = try disk.device.open(partition: 7, hash: hash) else { throw TestFailure("still served") }
        #expect(try disk.device.suffixHashes(partition: 7, reclaimAge: .seconds(86_400)) != before)
    }

    @Test("a full read of a damaged object throws and quarantines it; a range read does not check")
    func readVerifies() throws {
        let bytes = pattern(count: 100_000)
        try disk.put(hash: hash, bytes: bytes, timestamp: timestamp(10))
        try flipByte(hash: hash, at: 5)
        let reader = try disk.reader(hash: hash)
        #expect(Array(try readAll(reader.chunks(in: 10..<100))) == [Array(bytes[10..<100])])
        let error = #expect(throws: ObjectDiskError.self) { try readAll(reader.chunks()) }
        guard case .corruptObject(_, .etagMismatch)? = error else { throw TestFailure("\(String(describing: error))") }
        #expect(quarantined.count == 1)
        guard case .notFound = try disk.device.open(partition: 7, hash: hash) else { throw TestFailure("still served") }
    }

    @Test("a truncated .data is quarantined when opened")
    func truncated() throws {
        try disk.put(hash: hash, bytes: pattern(count: 1000), timestamp: timestamp(10))
        let path = disk.hashDirectory(partition: 7, hash: hash) + "/0000000010.00000.data"
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: 10)
        try handle.close()
        guard case .notFound = try disk.device.open(partition: 7, hash: hash) else { throw TestFailure("still served") }
        #expect(quarantined.count == 1)
    }

    @Test("quarantine moves the whole hash directory")
    func quarantine() throws {
        try disk.put(hash: hash, bytes: [1], timestamp: timestamp(10))
        let path = try #require(try disk.device.quarantine(partition: 7, hash: hash))
        #expect(FileManager.default.fileExists(atPath: path + "/0000000010.00000.data"))
        #expect(try disk.device.quarantine(partition: 7, hash: hash) == nil)
        #expect(try disk.put(hash: hash, bytes: [2], timestamp: timestamp(5)).isCommitted)
    }

    @Test("the auditor checks every object at the configured rate and counts what it finds")
    func auditor() async throws {
        let sizes = [100_000, 250_000, 0, 50_000]
        for (index, size) in sizes.enumerated() {
            try disk.put(
                partition: index % 2, hash: md5Hex(Array("/a/c/\(index)".utf8)), bytes: pattern(count: size),
                timestamp: timestamp(10))
        }
        let damaged = md5Hex(Array("/a/c/1".utf8))
        let directory = disk.hashDirectory(partition: 1, hash: damaged)
        let handle = try #require(FileHandle(forUpdatingAtPath: directory + "/0000000010.00000.data"))
        try handle.seek(toOffset: 1234)
        try handle.write(contentsOf: [0xff, 0xfe, 0xfd])
        try handle.close()
        _ = try disk.device.delete(
            partition: 0, hash: md5Hex(Array("/a/c/deleted".utf8)), name: "/a/c/deleted", timestamp: timestamp(10))

        let clock = ManualClock()
        let start = clock.now
        let report = try await ObjectAuditor(device: disk.device, bytesPerSecond: 100_000, clock: clock).run()
        #expect(report.checked == 4)
        #expect(report.quarantined == 1)
        #expect(report.errors == 0)
        #expect(report.bytes == sizes.reduce(0, +))
        // Paced to the rate: the clock moved exactly as long as reading 400 000 bytes at 100 000/s takes.
        let elapsed = start.duration(to: clock.now)
        #expect(elapsed > .seconds(4) - .milliseconds(1) && elapsed < .seconds(4) + .milliseconds(1))
        #expect(clock.sleeps > 4)
        guard case .notFound = try disk.device.open(partition: 1, hash: damaged) else {
            throw TestFailure("still served")
        }

        let second = try await ObjectAuditor(device: disk.device, bytesPerSecond: nil).run()
        #expect(second.checked == 3)
        #expect(second.quarantined == 0)
    }
}
