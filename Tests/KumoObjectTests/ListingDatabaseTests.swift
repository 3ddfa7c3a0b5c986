import Foundation
import GRDB
import KumoTesting
import Testing

@testable import KumoObject

@Suite("Listing databases")
struct ListingDatabaseTests {
    func database() throws -> (ListingDatabase, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        return (try ListingDatabase(path: directory.path + "/c.db"), directory)
    }

    func row(_ name: String, _ timestamp: String, deleted: Bool = false) -> ListingRow {
        ListingRow(name: name, timestamp: timestamp, bytes: deleted ? 0 : 10, contentType: "text/plain", etag: "e", deleted: deleted)
    }

    @Test("the newer row wins whatever the order rows arrive in; deletions are rows")
    func lastWriteWins() throws {
        let (a, directoryA) = try database()
        let (b, directoryB) = try database()
        _ = (directoryA, directoryB)
        let writes = [row("x", "0000000002.00000"), row("x", "0000000001.00000"), row("y", "0000000001.00000"),
                      row("y", "0000000003.00000", deleted: true)]
        try a.merge(writes)
        try b.merge(writes.reversed())
        let listA = try a.list(ListingQuery())
        #expect(listA == (try b.list(ListingQuery())))
        #expect(listA.map(\.name) == ["x"])
        #expect(try a.totals().rows == 1)
    }

    @Test("a database that has rows opens again (a restarted storage node), in WAL mode")
    func reopens() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/c.db"
        try ListingDatabase(path: path).merge([row("x", "0000000001.00000")])
        let again = try ListingDatabase(path: path)
        #expect(try again.list(ListingQuery()).map(\.name) == ["x"])
        #expect(try again.queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("prefix, delimiter, marker, end_marker, limit and reverse, as Swift lists")
    func listing() throws {
        let (db, directory) = try database()
        _ = directory
        try db.merge(["a.txt", "dir/1", "dir/2", "dir/sub/3", "e/x", "z"].map { row($0, "0000000001.00000") })
        #expect(try db.list(ListingQuery(delimiter: "/")).map(\.name) == ["a.txt", "dir/", "e/", "z"])
        #expect(try db.list(ListingQuery(prefix: "dir/", delimiter: "/")).map(\.name) == ["dir/1", "dir/2", "dir/sub/"])
        #expect(try db.list(ListingQuery(marker: "dir/2")).map(\.name) == ["dir/sub/3", "e/x", "z"])
        #expect(try db.list(ListingQuery(marker: "dir/", delimiter: "/")).map(\.name) == ["e/", "z"])
        #expect(try db.list(ListingQuery(endMarker: "dir/2")).map(\.name) == ["a.txt", "dir/1"])
        #expect(try db.list(ListingQuery(limit: 2)).map(\.name) == ["a.txt", "dir/1"])
        #expect(try db.list(ListingQuery(limit: 2, delimiter: "/")).map(\.name) == ["a.txt", "dir/"])
        #expect(try db.list(ListingQuery(reverse: true)).map(\.name) == ["z", "e/x", "dir/sub/3", "dir/2", "dir/1", "a.txt"])
        #expect(try db.list(ListingQuery(prefix: "nothing")).isEmpty)
    }

    @Test("status merges key by key; a deletion newer than the creation means gone")
    func status() throws {
        let (db, directory) = try database()
        _ = directory
        try db.merge(ListingDatabase.Status(path: "/a/c", created: "0000000001.00000", metadata: ["X-Container-Meta-A": .init(value: "1", timestamp: "0000000001.00000")]))
        try db.merge(ListingDatabase.Status(path: "/a/c", metadata: ["X-Container-Meta-A": .init(value: "old", timestamp: "0000000000.50000")]))
        #expect(try db.status().liveMetadata == ["X-Container-Meta-A": "1"])
        #expect(try db.status().exists)
        try db.merge(ListingDatabase.Status(path: "/a/c", deleted: "0000000002.00000"))
        #expect(try !db.status().exists)
        try db.merge(ListingDatabase.Status(path: "/a/c", created: "0000000003.00000"))
        #expect(try db.status().exists)
    }

    @Test("rows since a sync point, for replication")
    func rowsSince() throws {
        let (db, directory) = try database()
        _ = directory
        try db.merge((0..<5).map { row("o\($0)", "0000000001.00000") })
        let first = try db.rows(after: 0, limit: 3)
        #expect(first.rows.map(\.name) == ["o0", "o1", "o2"])
        let rest = try db.rows(after: first.last, limit: 3)
        #expect(rest.rows.map(\.name) == ["o3", "o4"])
        try db.setSyncPoint(rest.last, peer: "7")
        #expect(try db.syncPoint(peer: "7") == rest.last)
    }
}
