import Foundation
import GRDB
import KumoRPC
import KumoStore
import KumoTesting
import Testing

@testable import KumoMonitor

private let t0 = Date(timeIntervalSince1970: 1_700_000_000)

private func heartbeat(_ binary: String, _ host: String, pid: Int32 = 100, topic: String? = nil) -> MonitorAPI.Heartbeat {
    MonitorAPI.Heartbeat(
        binary: binary, host: host, topic: topic, pid: pid, startedAt: t0.addingTimeInterval(-100), sentAt: t0)
}

@Suite("Monitor store")
struct MonitorStoreTests {
    @Test("two heartbeats of the same service and host make one row counting both, seen at the newer")
    func heartbeatsMerge() async throws {
        let directory = try TemporaryDirectory()
        let store = try MonitorStore(path: "\(directory.path)/monitor/monitor.sqlite")
        try await store.record(heartbeat("kumo-compute", "node1", pid: 100), receivedAt: t0)
        try await store.record(heartbeat("kumo-compute", "node1", pid: 200, topic: "compute.node1"), receivedAt: t0 + 10)

        let rows = try await store.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT pid, topic, last_seen, report_count FROM services")
        }
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row["report_count"] as Int == 2)
        #expect(row["pid"] as Int32 == 200)
        #expect(row["topic"] as String? == "compute.node1")
        #expect(row["last_seen"] as Double == (t0 + 10).timeIntervalSince1970)

        let listed = try await store.list(.init(), now: t0 + 20, downAfter: .seconds(60))
        #expect(listed.count == 1)
        #expect(listed.first?.lastSeen == t0 + 10)
        #expect(listed.first?.ageSeconds == 10)
        #expect(listed.first?.startedAt == t0.addingTimeInterval(-100))
    }

    @Test("heartbeats of different hosts or binaries make separate rows")
    func separateRows() async throws {
        let directory = try TemporaryDirectory()
        let store = try MonitorStore(path: "\(directory.path)/monitor.sqlite")
        try await store.record(heartbeat("kumo-compute", "node1"), receivedAt: t0)
        try await store.record(heartbeat("kumo-compute", "node2"), receivedAt: t0)
        try await store.record(heartbeat("kumo-scheduler", "node1"), receivedAt: t0)
        let listed = try await store.list(.init(), now: t0, downAfter: .seconds(60))
        #expect(listed.map { "\($0.binary)@\($0.host)" } == ["kumo-compute@node1", "kumo-compute@node2", "kumo-scheduler@node1"])
        #expect(Set(listed.map(\.id)).count == 3)
    }

    @Test("a service is up within the down time and down after it")
    func upAndDown() async throws {
        let directory = try TemporaryDirectory()
        let store = try MonitorStore(path: "\(directory.path)/monitor.sqlite")
        try await store.record(heartbeat("kumo-compute", "node1"), receivedAt: t0)

        func state(at now: Date) async throws -> String? {
            try await store.list(.init(), now: now, downAfter: .seconds(60)).first?.state
        }
        #expect(try await state(at: t0) == "up")
        #expect(try await state(at: t0 + 59) == "up")
        #expect(try await state(at: t0 + 60) == "up")
        #expect(try await state(at: t0 + 60.5) == "down")
        #expect(try await state(at: t0 + 3600) == "down")
        // A monitor clock behind the heartbeat's arrival does not make a negative age.
        let early = try await store.list(.init(), now: t0 - 5, downAfter: .seconds(60))
        #expect(early.first?.state == "up")
        #expect(early.first?.ageSeconds == 0)
    }

    @Test("list filters by binary, by host and by both")
    func filters() async throws {
        let directory = try TemporaryDirectory()
        let store = try MonitorStore(path: "\(directory.path)/monitor.sqlite")
        try await store.record(heartbeat("kumo-compute", "node1"), receivedAt: t0)
        try await store.record(heartbeat("kumo-compute", "node2"), receivedAt: t0)
        try await store.record(heartbeat("kumo-scheduler", "node1"), receivedAt: t0)

        func names(_ request: MonitorAPI.ListRequest) async throws -> [String] {
            try await store.list(request, now: t0, downAfter: .seconds(60)).map { "\($0.binary)@\($0.host)" }
        }
        #expect(try await names(.init(binary: "kumo-compute")) == ["kumo-compute@node1", "kumo-compute@node2"])
        #expect(try await names(.init(host: "node1")) == ["kumo-compute@node1", "kumo-scheduler@node1"])
        #expect(try await names(.init(binary: "kumo-scheduler", host: "node1")) == ["kumo-scheduler@node1"])
        #expect(try await names(.init(binary: "kumo-scheduler", host: "node2")) == [])
        #expect(try await names(.init(binary: "kumo-api")) == [])
    }

    @Test("a file at version 1 migrates to version 2, keeping its rows with a count of 0")
    func migratesFromVersion1() async throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/monitor.sqlite"
        do {
            let old = try ServiceDatabase(path: path, migrations: [MonitorStore.migrations[0]])
            #expect(try await old.schemaVersion() == 1)
            try await old.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO services (binary, host, topic, pid, started_at, last_seen)
                        VALUES ('kumo-compute', 'node1', NULL, 7, ?, ?)
                        """,
                    arguments: [t0.timeIntervalSince1970, t0.timeIntervalSince1970])
            }
            try old.pool.close()
        }
        let store = try MonitorStore(path: path)
        #expect(try await store.database.schemaVersion() == MonitorStore.migrations.count)
        let count = try await store.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT report_count FROM services WHERE binary = 'kumo-compute'")
        }
        #expect(count == 0)
        #expect(try await store.list(.init(), now: t0, downAfter: .seconds(60)).map(\.host) == ["node1"])

        try await store.record(heartbeat("kumo-compute", "node1"), receivedAt: t0 + 1)
        let after = try await store.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT report_count FROM services WHERE binary = 'kumo-compute'")
        }
        #expect(after == 1)
    }

    @Test("an empty file migrates to the newest version")
    func migratesEmptyFile() async throws {
        let directory = try TemporaryDirectory()
        let store = try MonitorStore(path: "\(directory.path)/monitor.sqlite")
        #expect(try await store.database.schemaVersion() == MonitorStore.migrations.count)
        #expect(MonitorStore.migrations.map(\.number) == Array(1...MonitorStore.migrations.count))
    }
}
