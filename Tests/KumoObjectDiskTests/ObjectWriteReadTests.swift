import Crypto
import Foundation
import KumoObjectDisk
import Testing

@Suite("Writing and reading objects")
struct ObjectWriteReadTests {
    let disk: TestDevice
    let hash = md5Hex(Array("/AUTH_test/photos/cat.jpg".utf8))

    init() throws { disk = try TestDevice() }

    @Test("a multi-chunk object round-trips with its metadata")
    func roundTrip() throws {
        let bytes = pattern(count: 150_000)
        let outcome = try disk.put(
            hash: hash, bytes: bytes, timestamp: timestamp(1_700_000_000, 12345), name: "/AUTH_test/photos/cat.jpg",
            contentType: "image/jpeg", userMetadata: ["Color": "Red", "camelCase": "kept"],
            systemMetadata: ["X-Object-Sysmeta-Owner": "alice"], chunkSize: 7_000)
        guard case .committed(let stored) = outcome else { throw TestFailure("\(outcome)") }
        #expect(stored.etag == md5Hex(bytes))
        #expect(stored.contentLength == bytes.count)

        let reader = try disk.reader(hash: hash)
        #expect(reader.contentLength == bytes.count)
        #expect(reader.metadata == stored)
        #expect(reader.metadata.name == "/AUTH_test/photos/cat.jpg")
        #expect(reader.metadata.userMetadata == ["Color": "Red", "camelCase": "kept"])
        #expect(reader.metadata.systemMetadata == ["X-Object-Sysmeta-Owner": "alice"])
        #expect(reader.file.description == "1700000000.12345.data")
        let chunks = try readAll(reader.chunks())
        #expect(chunks.allSatisfy { $0.count <= 64 * 1024 })
        #expect(chunks.count == 3)
        #expect(Array(chunks.joined()) == bytes)

        #expect(disk.names(partition: 7, hash: hash) == ["1700000000.12345.data"])
        #expect(try disk.temporaryFiles().isEmpty)
        #expect(try disk.device.partitions() == [7])
        #expect(try disk.device.suffixes(partition: 7) == [String(hash.suffix(3))])
        #expect(try disk.device.hashes(partition: 7, suffix: String(hash.suffix(3))) == [hash])
        #expect(try disk.device.files(partition: 7, hash: hash).map(\.description) == ["1700000000.12345.data"])
    }

    @Test("metadata is stored as flat JSON in the file's extended attributes and reopens on a new device")
    func metadataPersists() throws {
        try disk.put(hash: hash, bytes: [1, 2, 3], timestamp: timestamp(10), userMetadata: ["Color": "Red"])
        let reopened = try ObjectDevice(root: disk.root)
        guard case .found(let reader) = try reopened.open(partition: 7, hash: hash) else { throw TestFailure("gone") }
        #expect(reader.metadata.userMetadata == ["Color": "Red"])
        let json = try JSONEncoder().encode(reader.metadata)
        let flat = try JSONDecoder().decode([String: String].self, from: json)
        #expect(
            flat == [
                "name": "/a/c/o", "X-Timestamp": "0000000010.00000", "Content-Length": "3",
                "Content-Type": "application/octet-stream", "ETag": md5Hex([1, 2, 3] as [UInt8]),
                "X-Object-Meta-Color": "Red",
            ])
    }

    @Test("range reads return exactly the requested bytes in chunks of at most the chunk size")
    func rangeReads() throws {
        let bytes = pattern(count: 200_000, seed: 3)
        try disk.put(hash: hash, bytes: bytes, timestamp: timestamp(10), chunkSize: 65_536)
        let reader = try disk.reader(hash: hash)
        for range in [0..<1, 65_530..<65_600, 100..<200_000, 199_990..<200_000, 0..<200_000, 5..<140_000] {
            let chunks = try readAll(reader.chunks(in: range))
            #expect(chunks.allSatisfy { !$0.isEmpty && $0.count <= 65_536 })
            #expect(Array(chunks.joined()) == Array(bytes[range]))
        }
        #expect(try readAll(reader.chunks(in: 10..<10)).isEmpty)
        let small = try readAll(reader.chunks(in: 0..<1000, chunkSize: 300))
        #expect(small.map(\.count) == [300, 300, 300, 100])
        #expect(throws: ObjectDiskError.invalidRange(lowerBound: 0, upperBound: 200_001, contentLength: 200_000)) {
            try reader.chunks(in: 0..<200_001)
        }
        var buffer = [UInt8](repeating: 0, count: 10)
        let count = try buffer.withUnsafeMutableBytes { try reader.read(at: 199_995, into: $0) }
        #expect(count == 5)
        #expect(Array(buffer[..<5]) == Array(bytes[199_995...]))
    }

    @Test("an empty object round-trips")
    func emptyObject() throws {
        try disk.put(hash: hash, bytes: [], timestamp: timestamp(10))
        let reader = try disk.reader(hash: hash)
        #expect(reader.contentLength == 0)
        #expect(reader.metadata.etag == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(try readAll(reader.chunks()).isEmpty)
    }

    @Test("a length or ETag mismatch leaves no object and no temporary file")
    func mismatches() throws {
        let bytes = pattern(count: 5000)
        let writer = try disk.device.createWriter(partition: 7, hash: hash)
        try writer.write(bytes)
        #expect(throws: ObjectDiskError.lengthMismatch(expected: 5001, actual: 5000)) {
            try writer.commit(metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(10), contentLength: 5001))
        }
        #expect(throws: ObjectDiskError.writerFinished(path: writer.temporaryPath)) { try writer.write([1]) }

        let second = try disk.device.createWriter(partition: 7, hash: hash)
        try second.write(bytes)
        let wrong = String(repeating: "0", count: 32)
        #expect(throws: ObjectDiskError.etagMismatch(expected: wrong, actual: md5Hex(bytes))) {
            try second.commit(metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(10), etag: wrong))
        }
        #expect(try disk.temporaryFiles().isEmpty)
        #expect(disk.names(partition: 7, hash: hash) == nil)
        guard case .notFound = try disk.device.open(partition: 7, hash: hash) else { throw TestFailure("exists") }

        // An upper-case ETag is the same MD5.
        let third = try disk.device.createWriter(partition: 7, hash: hash)
        try third.write(bytes)
        let outcome = try third.commit(
            metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(10), etag: md5Hex(bytes).uppercased()))
        #expect(outcome.isCommitted)
    }

    @Test("abort, and releasing an uncommitted writer, remove the temporary file")
    func abort() throws {
        let writer = try disk.device.createWriter(partition: 7, hash: hash, expectedLength: 10_000)
        try writer.write(pattern(count: 1000))
        #expect(try disk.temporaryFiles().count == 1)
        writer.abort()
        writer.abort()
        #expect(try disk.temporaryFiles().isEmpty)
        #expect(throws: ObjectDiskError.writerFinished(path: writer.temporaryPath)) {
            try writer.commit(metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(10)))
        }

        do {
            let dropped = try disk.device.createWriter(partition: 7, hash: hash)
            try dropped.write(pattern(count: 1000))
            #expect(try disk.temporaryFiles().count == 1)
        }
        #expect(try disk.temporaryFiles().isEmpty)
        #expect(disk.names(partition: 7, hash: hash) == nil)
    }

    @Test("tombstone and .meta writers take no content")
    func metadataOnlyWriters() throws {
        let writer = try disk.device.createWriter(partition: 7, hash: hash, kind: .tombstone)
        #expect(throws: ObjectDiskError.contentNotAllowed(kind: .tombstone)) { try writer.write([1]) }
        try writer.write([UInt8]())
        writer.abort()
    }

    @Test("invalid hashes, suffixes and partitions are rejected before touching the disk")
    func invalidNames() throws {
        #expect(throws: ObjectDiskError.invalidHash("../../etc")) {
            try disk.device.createWriter(partition: 1, hash: "../../etc")
        }
        #expect(throws: ObjectDiskError.invalidHash(hash.uppercased())) {
            try disk.device.open(partition: 1, hash: hash.uppercased())
        }
        #expect(throws: ObjectDiskError.invalidPartition(-1)) { try disk.device.open(partition: -1, hash: hash) }
        #expect(throws: ObjectDiskError.invalidSuffix("xyz")) { try disk.device.hashes(partition: 1, suffix: "xyz") }
    }

    @Test("user metadata larger than one attribute is split; beyond the limit it is refused clearly")
    func largeMetadata() throws {
        let split = ["Big": String(repeating: "a", count: 3000)]
        try disk.put(hash: hash, bytes: [1], timestamp: timestamp(10), userMetadata: split)
        #expect(try disk.reader(hash: hash).metadata.userMetadata == split)

        // More than ext4 keeps in its one attribute block: fine on XFS, a clear error on ext4.
        let other = md5Hex(Array("other".utf8))
        do {
            try disk.put(
                hash: other, bytes: [1], timestamp: timestamp(10),
                userMetadata: ["Big": String(repeating: "b", count: 10_000)])
            #expect(try disk.reader(hash: other).metadata.userMetadata["Big"]?.count == 10_000)
        } catch ObjectDiskError.metadataTooLarge(let path, _, let reason) {
            #expect(path.hasPrefix(disk.root + "/tmp/"))
            #expect(reason.contains("no room"))
        }

        let error = #expect(throws: ObjectDiskError.self) {
            try disk.put(
                hash: other, bytes: [1], timestamp: timestamp(11),
                userMetadata: ["Huge": String(repeating: "c", count: 70_000)])
        }
        guard case .metadataTooLarge(_, let bytes, let reason)? = error else {
            throw TestFailure("\(String(describing: error))")
        }
        #expect(bytes > 70_000)
        #expect(reason == "the limit is 65536 bytes")
        #expect(try disk.temporaryFiles().isEmpty)
    }

    @Test("a system key that collides with a reserved key is refused")
    func reservedSystemKey() throws {
        let error = #expect(throws: ObjectDiskError.self) {
            try disk.put(
                hash: hash, bytes: [1], timestamp: timestamp(10), systemMetadata: ["X-Object-Meta-Sneaky": "x"])
        }
        guard case .invalidMetadata? = error else { throw TestFailure("\(String(describing: error))") }
        #expect(try disk.temporaryFiles().isEmpty)
    }

    @Test("a 200 MiB object streams in and out in 64 KiB chunks")
    func largeObject() throws {
        let chunkSize = 64 * 1024
        let chunkCount = 200 * 1024 * 1024 / chunkSize
        var chunk = pattern(count: chunkSize)
        var expected = Insecure.MD5()
        let writer = try disk.device.createWriter(partition: 7, hash: hash, expectedLength: chunkCount * chunkSize)
        for index in 0..<chunkCount {
            withUnsafeBytes(of: UInt64(index)) { chunk.replaceSubrange(0..<8, with: $0) }
            try chunk.withUnsafeBytes { try writer.write($0) }
            expected.update(data: chunk)
        }
        let etag = expected.finalize().map { String(format: "%02x", $0) }.joined()
        let outcome = try writer.commit(
            metadata: ObjectMetadata(
                name: "/a/c/big", timestamp: timestamp(10), contentLength: chunkCount * chunkSize, etag: etag))
        #expect(outcome.isCommitted)

        let reader = try disk.reader(hash: hash)
        #expect(reader.contentLength == 200 * 1024 * 1024)
        var chunks = reader.chunks()
        var actual = Insecure.MD5()
        var count = 0
        var bytes = 0
        while let chunk = try chunks.next() {
            #expect(chunk.count == chunkSize)
            actual.update(data: chunk)
            count += 1
            bytes += chunk.count
        }
        #expect(count == chunkCount)
        #expect(bytes == 200 * 1024 * 1024)
        #expect(actual.finalize().map { String(format: "%02x", $0) }.joined() == etag)
    }

    @Test("concurrent writers of one object leave only the newest")
    func concurrentWriters() throws {
        let device = disk.device
        let hash = hash
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let writer = try device.createWriter(partition: 7, hash: hash)
                try writer.write(pattern(count: 50_000, seed: UInt8(index)))
                _ = try writer.commit(
                    metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(100 + Int64(index))))
            } catch {
                Issue.record(error)
            }
        }
        let reader = try disk.reader(hash: hash)
        #expect(reader.metadata.timestamp == timestamp(107))
        #expect(Array(try readAll(reader.chunks()).joined()) == pattern(count: 50_000, seed: 7))
        #expect(disk.names(partition: 7, hash: hash) == ["0000000107.00000.data"])
        #expect(try disk.temporaryFiles().isEmpty)
    }

    @Test("stale temporary files are removed, fresh ones kept")
    func staleTemporaryFiles() throws {
        let writer = try disk.device.createWriter(partition: 7, hash: hash)
        #expect(try disk.device.removeStaleTemporaryFiles(olderThan: .seconds(3600)) == 0)
        let old = disk.root + "/tmp/leftover"
        #expect(FileManager.default.createFile(atPath: old, contents: Data([1])))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: old)
        #expect(try disk.device.removeStaleTemporaryFiles(olderThan: .seconds(3600)) == 1)
        #expect(try disk.temporaryFiles() == [URL(fileURLWithPath: writer.temporaryPath).lastPathComponent])
    }
}
