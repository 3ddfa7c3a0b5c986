import Foundation
import GRDB
import KumoStore
import KumoTesting
import Testing

/// Counts how many times each migration ran.
private final class RunLog: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Int] = []

    func record(_ number: Int) { lock.withLock { runs.append(number) } }
    var numbers: [Int] { lock.withLock { runs } }
}

private func migrations(_ log: RunLog = RunLog()) -> [Migration] {
    [
        Migration(1, "create-hosts") { db in
            log.record(1)
            try db.create(table: "hosts") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique()
            }
        },
        Migration(2, "create-instances") { db in
            log.record(2)
            try db.create(table: "instances") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("host_id", .integer).notNull().references("hosts")
            }
        },
        Migration(3, "hosts-enabled") { db in
            log.record(3)
            try db.alter(table: "hosts") { table in
                table.add(column: "enabled", .boolean).notNull().defaults(to: true)
            }
        },
    ]
}

@Suite("Service database")
struct ServiceDatabaseTests {
    @Test("opening an empty file applies every migration")
    func migratesEmptyFile() async throws {
        let directory = try TemporaryDirectory()
        let log = RunLog()
        let database = try ServiceDatabase(path: "\(directory.path)/db/service.sqlite", migrations: migrations(log))
        #expect(try await database.schemaVersion() == 3)
        #expect(log.numbers == [1, 2, 3])
        let (hosts, instances, columns) = try await database.pool.read { db in
            (try db.tableExists("hosts"), try db.tableExists("instances"), try db.columns(in: "hosts").map(\.name))
        }
        #expect(hosts)
        #expect(instances)
        #expect(columns == ["id", "name", "enabled"])
        #expect(FileManager.default.fileExists(atPath: "\(directory.path)/db/service.sqlite"))
    }

    @Test("opening a file one migration behind applies only the last one and keeps its rows")
    func migratesFromPreviousVersion() async throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/service.sqlite"
        let all = migrations()
        do {
            let old = try ServiceDatabase(path: path, migrations: Array(all.dropLast()))
            #expect(try await old.schemaVersion() == 2)
            try await old.pool.write { db in
                try db.execute(sql: "INSERT INTO hosts (name) VALUES ('node1'), ('node2')")
                try db.execute(sql: "INSERT INTO instances (host_id) VALUES (1)")
            }
            try old.pool.close()
        }
        let log = RunLog()
        let database = try ServiceDatabase(path: path, migrations: migrations(log))
        #expect(log.numbers == [3])
        #expect(try await database.schemaVersion() == 3)
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, enabled FROM hosts ORDER BY id")
        }
        #expect(rows.map { $0["name"] as String } == ["node1", "node2"])
        #expect(rows.map { $0["enabled"] as Bool } == [true, true])
        #expect(try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM instances") } == 1)
    }

    @Test("opening an up-to-date file runs no migration")
    func reopenRunsNothing() async throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/service.sqlite"
        try ServiceDatabase(path: path, migrations: migrations()).pool.close()
        let log = RunLog()
        let database = try ServiceDatabase(path: path, migrations: migrations(log))
        #expect(log.numbers.isEmpty)
        #expect(try await database.schemaVersion() == 3)
    }

    @Test("a file carrying a migration unknown to this code is refused")
    func refusesNewerSchema() throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/service.sqlite"
        try ServiceDatabase(path: path, migrations: migrations()).pool.close()
        do {
            _ = try ServiceDatabase(path: path, migrations: Array(migrations().prefix(2)))
            Issue.record("an older Kumo opened a file of a newer one")
        } catch StoreError.newerSchema(let errorPath, let migration) {
            #expect(errorPath == path)
            #expect(migration == "0003-hosts-enabled")
        }
    }

    @Test("migrations numbered with a gap, a duplicate or not from 1 are refused",
          arguments: [[1, 3], [2], [1, 1], [2, 1], [0, 1]])
    func refusesBadNumbering(_ numbers: [Int]) throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/service.sqlite"
        let steps = numbers.map { number in Migration(number, "step-\(number)") { _ in } }
        do {
            _ = try ServiceDatabase(path: path, migrations: steps)
            Issue.record("migrations \(numbers) were accepted")
        } catch StoreError.badMigrations(let errorPath) {
            #expect(errorPath == path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("no migrations at all give an empty database at version 0")
    func noMigrations() async throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: "\(directory.path)/service.sqlite", migrations: [])
        #expect(try await database.schemaVersion() == 0)
    }

    @Test("the database runs in WAL mode with foreign keys on")
    func walAndForeignKeys() async throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: "\(directory.path)/service.sqlite", migrations: migrations())
        let mode = try await database.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode?.lowercased() == "wal")
        let foreignKeys = try await database.pool.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == true)
        await #expect(throws: DatabaseError.self) {
            try await database.pool.write { db in try db.execute(sql: "INSERT INTO instances (host_id) VALUES (99)") }
        }
    }
}
