import Foundation
import GRDB
import KumoRPC
import KumoStore

/// The monitor's database (`<state_dir>/monitor/monitor.sqlite`): one row per service and host.
public struct MonitorStore: Sendable {
    static let migrations: [Migration] = [
        Migration(1, "create-services") { db in
            try db.create(table: "services") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("binary", .text).notNull()
                table.column("host", .text).notNull()
                table.column("topic", .text)
                table.column("pid", .integer).notNull()
                table.column("started_at", .double).notNull()
                table.column("last_seen", .double).notNull()
                table.uniqueKey(["binary", "host"])
            }
        },
        Migration(2, "count-reports") { db in
            try db.alter(table: "services") { table in
                table.add(column: "report_count", .integer).notNull().defaults(to: 0)
            }
        },
    ]

    let database: ServiceDatabase

    public init(path: String) throws {
        database = try ServiceDatabase(path: path, migrations: Self.migrations)
    }

    /// Records a heartbeat, stamped with the monitor's own clock on arrival.
    func record(_ heartbeat: MonitorAPI.Heartbeat, receivedAt: Date) async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO services (binary, host, topic, pid, started_at, last_seen, report_count)
                    VALUES (?, ?, ?, ?, ?, ?, 1)
                    ON CONFLICT (binary, host) DO UPDATE SET
                        topic = excluded.topic, pid = excluded.pid, started_at = excluded.started_at,
                        last_seen = excluded.last_seen, report_count = report_count + 1
                    """,
                arguments: [
                    heartbeat.binary, heartbeat.host, heartbeat.topic, heartbeat.pid,
                    heartbeat.startedAt.timeIntervalSince1970, receivedAt.timeIntervalSince1970,
                ])
        }
    }

    /// The services matching `request`, up or down as of `now`.
    func list(_ request: MonitorAPI.ListRequest, now: Date, downAfter: Duration) async throws -> [MonitorAPI.ServiceStatus] {
        let limit = Double(downAfter.components.seconds)
        return try await database.pool.read { db in
            var sql = "SELECT id, binary, host, topic, started_at, last_seen FROM services WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let binary = request.binary {
                sql += " AND binary = ?"
                arguments += [binary]
            }
            if let host = request.host {
                sql += " AND host = ?"
                arguments += [host]
            }
            sql += " ORDER BY binary, host"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let lastSeen = Date(timeIntervalSince1970: row["last_seen"])
                let age = max(0, now.timeIntervalSince(lastSeen))
                return MonitorAPI.ServiceStatus(
                    id: row["id"], binary: row["binary"], host: row["host"], topic: row["topic"],
                    state: age <= limit ? "up" : "down", lastSeen: lastSeen, ageSeconds: age,
                    startedAt: Date(timeIntervalSince1970: row["started_at"]))
            }
        }
    }
}
