import KumoObjectDisk
import Testing

@Suite("Replication through the device API")
struct ReplicationTests {
    let source: TestDevice
    let target: TestDevice
    let week = Duration.seconds(7 * 86_400)
    /// Recent enough that tombstones are not reclaimed.
    let base = ObjectTimestamp.now().advanced(by: .seconds(-3600))

    init() throws {
        source = try TestDevice()
        target = try TestDevice()
    }

    private func at(_ seconds: Int64) -> ObjectTimestamp { base.advanced(by: .seconds(seconds)) }

    /// Pushes one file from `source` to `target` the way a replicator would; returns the outcome.
    private func push(partition: Int, hash: String, file: ObjectFileName) throws -> CommitOutcome {
        let reader = try source.device.openFile(partition: partition, hash: hash, file: file)
        let writer = try target.device.createWriter(
            partition: partition, hash: hash, kind: file.kind, expectedLength: reader.contentLength)
        var chunks = reader.chunks()
        while let chunk = try chunks.next() { try writer.write(chunk) }
        return try writer.commit(metadata: reader.metadata)
    }

    /// One replication pass of a partition: for each suffix whose hash differs, push every current
    /// file the target lacks, then rehash those suffixes on the target.
    private func replicate(partition: Int) throws -> Int {
        let local = try source.device.suffixHashes(partition: partition, reclaimAge: week)
        let remote = try target.device.suffixHashes(partition: partition, reclaimAge: week)
        let differing = local.keys.filter { local[$0] != remote[$0] }.sorted()
        var pushed = 0
        for suffix in differing {
            for hash in try source.device.hashes(partition: partition, suffix: suffix) {
                let theirs = Set(try target.device.files(partition: partition, hash: hash))
                for file in try source.device.files(partition: partition, hash: hash) where !theirs.contains(file) {
                    if try push(partition: partition, hash: hash, file: file).isCommitted { pushed += 1 }
                }
            }
        }
        _ = try target.device.suffixHashes(partition: partition, recalculate: differing, reclaimAge: week)
        return pushed
    }

    @Test("pushing missing and newer files makes the suffix hashes and objects equal")
    func pushes() throws {
        let kept = md5Hex(Array("/a/c/kept".utf8))
        let posted = md5Hex(Array("/a/c/posted".utf8))
        let deleted = md5Hex(Array("/a/c/deleted".utf8))
        try source.put(partition: 3, hash: kept, bytes: pattern(count: 90_000), timestamp: at(20), name: "/a/c/kept")
        try source.put(partition: 3, hash: posted, bytes: [1, 2], timestamp: at(10), name: "/a/c/posted")
        _ = try source.device.post(
            partition: 3, hash: posted,
            metadata: ObjectMetadata(name: "/a/c/posted", timestamp: at(15), userMetadata: ["Tag": "x"]))
        _ = try source.device.delete(partition: 3, hash: deleted, name: "/a/c/deleted", timestamp: at(30))
        // The target has an older version of one object and a live copy of the deleted one.
        try target.put(partition: 3, hash: kept, bytes: [0], timestamp: at(5), name: "/a/c/kept")
        try target.put(partition: 3, hash: deleted, bytes: [7], timestamp: at(25), name: "/a/c/deleted")

        #expect(try replicate(partition: 3) == 4)
        #expect(
            try source.device.suffixHashes(partition: 3, reclaimAge: week)
                == target.device.suffixHashes(partition: 3, reclaimAge: week))
        #expect(try replicate(partition: 3) == 0)

        let copy = try target.reader(partition: 3, hash: kept)
        #expect(Array(try readAll(copy.chunks()).joined()) == pattern(count: 90_000))
        #expect(copy.metadata == (try source.reader(partition: 3, hash: kept)).metadata)
        #expect(try target.reader(partition: 3, hash: posted).metadata.userMetadata == ["Tag": "x"])
        guard case .deleted(let deletedAt) = try target.device.open(partition: 3, hash: deleted) else {
            throw TestFailure("not deleted")
        }
        #expect(deletedAt == at(30))
        #expect(target.names(partition: 3, hash: deleted) == ["\(at(30)).ts"])
    }

    @Test("an older pushed file does not replace a newer one")
    func olderPush() throws {
        let object = md5Hex(Array("/a/c/o".utf8))
        try source.put(partition: 3, hash: object, bytes: [1], timestamp: timestamp(10))
        try target.put(partition: 3, hash: object, bytes: [2], timestamp: timestamp(20))
        let file = try #require(try source.device.files(partition: 3, hash: object).first)
        #expect(try push(partition: 3, hash: object, file: file) == .superseded(by: timestamp(20)))
        #expect(try target.device.files(partition: 3, hash: object).map(\.timestamp) == [timestamp(20)])
        #expect(Array(try readAll(target.reader(partition: 3, hash: object).chunks()).joined()) == [2])
        #expect(try target.temporaryFiles().isEmpty)
    }

    @Test("a file that is gone cannot be opened for pushing")
    func missingFile() throws {
        let object = md5Hex(Array("/a/c/o".utf8))
        let file = ObjectFileName(timestamp: timestamp(10), kind: .data)
        let error = #expect(throws: ObjectDiskError.self) {
            try source.device.openFile(partition: 3, hash: object, file: file)
        }
        guard case .fileNotFound(let path)? = error else { throw TestFailure("\(String(describing: error))") }
        #expect(path.hasSuffix("/objects/3/\(object.suffix(3))/\(object)/0000000010.00000.data"))
    }
}
