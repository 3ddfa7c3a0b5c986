import Foundation
import KumoObjectDisk
import Testing

@Suite("Suffix hashes")
struct SuffixHashesTests {
    let disk: TestDevice
    let first = hash("aa", suffix: "abc")
    let second = hash("bb", suffix: "abc")
    let third = hash("cc", suffix: "def")
    let week = Duration.seconds(7 * 86_400)

    init() throws { disk = try TestDevice() }

    private var cachePath: String { disk.root + "/objects/7/hashes.json" }

    private func hashes(recalculate: [String] = [], reclaimAge: Duration? = nil) throws -> [String: String] {
        try disk.device.suffixHashes(partition: 7, recalculate: recalculate, reclaimAge: reclaimAge ?? week)
    }

    @Test("hashes change when an object changes and are stable otherwise")
    func changes() throws {
        try disk.put(hash: first, bytes: [1], timestamp: timestamp(10))
        try disk.put(hash: third, bytes: [2], timestamp: timestamp(10))
        let initial = try hashes()
        #expect(Set(initial.keys) == ["abc", "def"])
        #expect(initial.values.allSatisfy { $0.count == 32 })
        #expect(try hashes() == initial)
        #expect(try hashes(recalculate: ["abc", "def"]) == initial)
        #expect(try ObjectDevice(root: disk.root).suffixHashes(partition: 7, reclaimAge: week) == initial)

        try disk.put(hash: first, bytes: [3], timestamp: timestamp(11))
        let afterPut = try hashes()
        #expect(afterPut["abc"] != initial["abc"])
        #expect(afterPut["def"] == initial["def"])

        try disk.put(hash: second, bytes: [4], timestamp: timestamp(11))
        let afterNewObject = try hashes()
        #expect(afterNewObject["abc"] != afterPut["abc"])

        // An object that differs only by hash (same timestamp) changes the suffix hash too.
        let other = try TestDevice()
        try other.put(hash: first, bytes: [3], timestamp: timestamp(11))
        try other.put(hash: hash("dd", suffix: "abc"), bytes: [4], timestamp: timestamp(11))
        #expect(try other.device.suffixHashes(partition: 7, reclaimAge: week)["abc"] != afterNewObject["abc"])

        #expect(
            try disk.device.post(
                partition: 7, hash: first, metadata: ObjectMetadata(name: "/a/c/o", timestamp: timestamp(12))
            ).isCommitted)
        let afterPost = try hashes()
        #expect(afterPost["abc"] != afterNewObject["abc"])

        _ = try disk.device.delete(partition: 7, hash: third, name: "/a/c/o", timestamp: .now())
        let afterDelete = try hashes()
        #expect(try disk.device.files(partition: 7, hash: third).map(\.kind) == [.tombstone])
        #expect(afterDelete["def"] != afterPost["def"])
        #expect(afterDelete["abc"] == afterPost["abc"])
    }

    @Test("only dirty or requested suffixes are computed again; the rest come from hashes.json")
    func cached() throws {
        try disk.put(hash: first, bytes: [1], timestamp: timestamp(10))
        try disk.put(hash: third, bytes: [2], timestamp: timestamp(10))
        let initial = try hashes()

        // Plant values in the cache: a clean suffix keeps the planted value, proving it was not recomputed.
        var cache =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cachePath))) as! [String: Any]
        #expect(cache["dirty"] as? [String] == [])
        cache["hashes"] = ["abc": "planted-abc", "def": "planted-def"]
        try JSONSerialization.data(withJSONObject: cache).write(to: URL(fileURLWithPath: cachePath))
        #expect(try hashes() == ["abc": "planted-abc", "def": "planted-def"])

        try disk.put(hash: first, bytes: [3], timestamp: timestamp(11))
        let invalid = try String(contentsOfFile: disk.root + "/objects/7/hashes.invalid", encoding: .utf8)
        #expect(invalid == "abc\n")
        let afterPut = try hashes()
        #expect(afterPut["def"] == "planted-def")
        #expect(afterPut["abc"] != "planted-abc")
        #expect(afterPut["abc"] != initial["abc"])
        #expect(try String(contentsOfFile: disk.root + "/objects/7/hashes.invalid", encoding: .utf8).isEmpty)

        #expect(try hashes(recalculate: ["def"])["def"] == initial["def"])

        // A damaged or missing cache means computing everything.
        try Data("{".utf8).write(to: URL(fileURLWithPath: cachePath))
        #expect(try hashes() == ["abc": afterPut["abc"]!, "def": initial["def"]!])
        try FileManager.default.removeItem(atPath: cachePath)
        #expect(try hashes() == ["abc": afterPut["abc"]!, "def": initial["def"]!])
    }

    @Test("old tombstones are reclaimed and empty directories removed")
    func reclaim() throws {
        let now = ObjectTimestamp.now()
        _ = try disk.device.delete(
            partition: 7, hash: first, name: "/a/c/o", timestamp: now.advanced(by: .seconds(-2000)))
        _ = try disk.device.delete(
            partition: 7, hash: third, name: "/a/c/o", timestamp: now.advanced(by: .seconds(-10)))
        #expect(Set(try hashes(reclaimAge: .seconds(1000)).keys) == ["def"])
        #expect(!FileManager.default.fileExists(atPath: disk.root + "/objects/7/abc"))
        guard case .notFound = try disk.device.open(partition: 7, hash: first) else {
            throw TestFailure("not reclaimed")
        }
        #expect(try disk.device.files(partition: 7, hash: third).map(\.kind) == [.tombstone])

        #expect(try hashes(recalculate: ["def"], reclaimAge: .seconds(5)).isEmpty)
        #expect(try disk.device.suffixes(partition: 7).isEmpty)
    }

    @Test("obsolete files left by a crash are cleaned up when hashing")
    func cleanup() throws {
        try disk.put(hash: first, bytes: [1], timestamp: timestamp(20))
        let directory = disk.hashDirectory(partition: 7, hash: first)
        for name in ["0000000010.00000.data", "0000000015.00000.meta", "0000000005.00000.ts"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: nil))
        }
        #expect(try disk.device.files(partition: 7, hash: first).map(\.description) == ["0000000020.00000.data"])
        _ = try hashes(recalculate: ["abc"])
        #expect(disk.names(partition: 7, hash: first) == ["0000000020.00000.data"])
    }

    @Test("a partition without objects has no suffixes")
    func emptyPartition() throws {
        #expect(try disk.device.suffixHashes(partition: 99, reclaimAge: week).isEmpty)
        #expect(throws: ObjectDiskError.invalidSuffix("ABC")) { try hashes(recalculate: ["ABC"]) }
    }
}
