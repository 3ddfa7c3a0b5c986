import KumoObjectDisk
import Testing

@Suite("Last write wins")
struct LastWriteWinsTests {
    let disk: TestDevice
    let hash = md5Hex(Array("/AUTH_test/c/o".utf8))

    init() throws { disk = try TestDevice() }

    private func content() throws -> [UInt8] { Array(try readAll(disk.reader(hash: hash).chunks()).joined()) }

    @Test("an older PUT after a newer one is superseded and leaves nothing behind")
    func olderPut() throws {
        #expect(try disk.put(hash: hash, bytes: [2], timestamp: timestamp(20)).isCommitted)
        #expect(try disk.put(hash: hash, bytes: [1], timestamp: timestamp(10)) == .superseded(by: timestamp(20)))
        #expect(try disk.put(hash: hash, bytes: [3], timestamp: timestamp(20)) == .superseded(by: timestamp(20)))
        #expect(try content() == [2])
        #expect(disk.names(partition: 7, hash: hash) == ["0000000020.00000.data"])
        #expect(try disk.temporaryFiles().isEmpty)
    }

    @Test("a newer PUT replaces the older file")
    func newerPut() throws {
        try disk.put(hash: hash, bytes: [1], timestamp: timestamp(10))
        #expect(try disk.put(hash: hash, bytes: [2], timestamp: timestamp(10, 1)).isCommitted)
        #expect(try content() == [2])
        #expect(disk.names(partition: 7, hash: hash) == ["0000000010.00001.data"])
    }

    @Test("a DELETE older than the object does not apply; a newer one does; a newer PUT resurrects")
    func deletes() throws {
        try disk.put(hash: hash, bytes: [1], timestamp: timestamp(20))
        let older = try disk.device.delete(partition: 7, hash: hash, name: "/AUTH_test/c/o", timestamp: timestamp(15))
        #expect(older == .superseded(by: timestamp(20)))
        #expect(try content() == [1])

        let newer = try disk.device.delete(partition: 7, hash: hash, name: "/AUTH_test/c/o", timestamp: timestamp(30))
        #expect(newer == .committed(ObjectMetadata(name: "/AUTH_test/c/o", timestamp: timestamp(30))))
        guard case .deleted(let deletedAt) = try disk.device.open(partition: 7, hash: hash) else {
            throw TestFailure("not deleted")
        }
        #expect(deletedAt == timestamp(30))
        #expect(disk.names(partition: 7, hash: hash) == ["0000000030.00000.ts"])
        let tombstone = try disk.device.openFile(
            partition: 7, hash: hash, file: #require(ObjectFileName("0000000030.00000.ts")))
        #expect(tombstone.metadata.name == "/AUTH_test/c/o")
        #expect(tombstone.contentLength == 0)

        #expect(try disk.put(hash: hash, bytes: [9], timestamp: timestamp(25)) == .superseded(by: timestamp(30)))
        #expect(try disk.put(hash: hash, bytes: [4], timestamp: timestamp(40)).isCommitted)
        #expect(try content() == [4])
        #expect(disk.names(partition: 7, hash: hash) == ["0000000040.00000.data"])
    }

    @Test("a DELETE of a missing object still leaves a tombstone for replication")
    func deleteMissing() throws {
        #expect(try disk.device.delete(partition: 7, hash: hash, name: "/a/c/o", timestamp: timestamp(5)).isCommitted)
        guard case .deleted = try disk.device.open(partition: 7, hash: hash) else { throw TestFailure("no tombstone") }
    }

    @Test("a POST replaces user metadata and content type but keeps size and ETag")
    func postMerges() throws {
        let bytes = pattern(count: 3000)
        try disk.put(
            hash: hash, bytes: bytes, timestamp: timestamp(10), contentType: "text/plain",
            userMetadata: ["Color": "Red", "Shape": "Round"], systemMetadata: ["X-Object-Sysmeta-Owner": "alice"])
        let post = ObjectMetadata(
            name: "/a/c/o", timestamp: timestamp(20), userMetadata: ["Size": "Big"],
            systemMetadata: ["X-Object-Sysmeta-Tag": "t"])
        #expect(try disk.device.post(partition: 7, hash: hash, metadata: post) == .committed(post))

        let reader = try disk.reader(hash: hash)
        #expect(reader.metadata.userMetadata == ["Size": "Big"])
        #expect(reader.metadata.contentType == "text/plain")
        #expect(reader.metadata.contentLength == 3000)
        #expect(reader.metadata.etag == md5Hex(bytes))
        #expect(reader.metadata.timestamp == timestamp(20))
        #expect(reader.metadata.systemMetadata == ["X-Object-Sysmeta-Owner": "alice", "X-Object-Sysmeta-Tag": "t"])
        #expect(reader.file.timestamp == timestamp(10))
        #expect(reader.metaFile?.description == "0000000020.00000.meta")
        #expect(Array(try readAll(reader.chunks()).joined()) == bytes)

        var second = post
        second.timestamp = timestamp(30)
        second.contentType = "image/png"
        second.userMetadata = [:]
        #expect(try disk.device.post(partition: 7, hash: hash, metadata: second).isCommitted)
        let merged = try disk.reader(hash: hash).metadata
        #expect(merged.contentType == "image/png")
        #expect(merged.userMetadata.isEmpty)
        #expect(disk.names(partition: 7, hash: hash) == ["0000000010.00000.data", "0000000030.00000.meta"])

        var stale = post
        stale.timestamp = timestamp(25)
        #expect(try disk.device.post(partition: 7, hash: hash, metadata: stale) == .superseded(by: timestamp(30)))
        stale.timestamp = timestamp(5)
        #expect(try disk.device.post(partition: 7, hash: hash, metadata: stale) == .superseded(by: timestamp(30)))
        #expect(try disk.temporaryFiles().isEmpty)

        // A newer PUT drops the older POST's metadata.
        try disk.put(hash: hash, bytes: [1], timestamp: timestamp(40), userMetadata: ["New": "yes"])
        #expect(try disk.reader(hash: hash).metadata.userMetadata == ["New": "yes"])
        #expect(disk.names(partition: 7, hash: hash) == ["0000000040.00000.data"])
    }

    @Test("a POST newer than the data applies to a PUT that lands between them")
    func postBeforeOlderPut() throws {
        try disk.put(hash: hash, bytes: [1], timestamp: timestamp(10))
        #expect(
            try disk.device.post(
                partition: 7, hash: hash,
                metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(30), userMetadata: ["Late": "post"])
            ).isCommitted)
        #expect(try disk.put(hash: hash, bytes: [2], timestamp: timestamp(20)).isCommitted)
        let reader = try disk.reader(hash: hash)
        #expect(reader.metadata.userMetadata == ["Late": "post"])
        #expect(reader.metadata.contentLength == 1)
        #expect(disk.names(partition: 7, hash: hash) == ["0000000020.00000.data", "0000000030.00000.meta"])
    }

    @Test("a POST needs an object: missing or deleted is reported and nothing is written")
    func postWithoutData() throws {
        let post = ObjectMetadata(name: "/a/c/o", timestamp: timestamp(20), userMetadata: ["A": "b"])
        #expect(try disk.device.post(partition: 7, hash: hash, metadata: post) == .noData(deletedAt: nil))
        #expect(disk.names(partition: 7, hash: hash) == nil)
        _ = try disk.device.delete(partition: 7, hash: hash, name: "/a/c/o", timestamp: timestamp(10))
        #expect(try disk.device.post(partition: 7, hash: hash, metadata: post) == .noData(deletedAt: timestamp(10)))
        #expect(disk.names(partition: 7, hash: hash) == ["0000000010.00000.ts"])
        #expect(try disk.temporaryFiles().isEmpty)
    }
}
