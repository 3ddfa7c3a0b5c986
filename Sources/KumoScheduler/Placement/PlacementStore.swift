import Foundation
import GRDB
import KumoRPC
import KumoStore

/// The placement database (`<state_dir>/compute/placement.sqlite`): one resource provider per compute
/// host and the allocations instances hold on them.
///
/// Shared by processes: the conductor writes host reports, compute-api reads usage and enables or
/// disables hosts, schedulers claim. Every write bumps one change counter and stamps the rows it touched
/// with it, so a scheduler's in-memory view catches up by reading only what changed.
public struct PlacementStore: Sendable {
    static let migrations: [Migration] = [
        Migration(1, "create-placement") { db in
            try db.execute(
                sql: """
                    CREATE TABLE providers (
                        host TEXT PRIMARY KEY NOT NULL,
                        uuid TEXT NOT NULL UNIQUE,
                        availability_zone TEXT NOT NULL,
                        host_ip TEXT NOT NULL,
                        hypervisor_type TEXT NOT NULL,
                        hypervisor_version INTEGER NOT NULL,
                        virt_type TEXT NOT NULL,
                        virt_type_reason TEXT NOT NULL DEFAULT '',
                        uptime TEXT NOT NULL DEFAULT '',
                        cpu_architecture TEXT NOT NULL,
                        vcpus INTEGER NOT NULL,
                        memory_mb INTEGER NOT NULL,
                        disk_gb INTEGER NOT NULL,
                        reserved_memory_mb INTEGER NOT NULL,
                        reserved_disk_gb INTEGER NOT NULL,
                        cpu_allocation_ratio REAL NOT NULL,
                        ram_allocation_ratio REAL NOT NULL,
                        disk_allocation_ratio REAL NOT NULL,
                        enabled INTEGER NOT NULL DEFAULT 1,
                        disabled_reason TEXT,
                        last_report REAL NOT NULL,
                        generation INTEGER NOT NULL DEFAULT 0,
                        change_seq INTEGER NOT NULL
                    );
                    CREATE INDEX providers_change_seq ON providers (change_seq);
                    CREATE TABLE allocations (
                        consumer TEXT PRIMARY KEY NOT NULL,
                        host TEXT NOT NULL REFERENCES providers (host),
                        vcpus INTEGER NOT NULL,
                        memory_mb INTEGER NOT NULL,
                        disk_gb INTEGER NOT NULL,
                        project_id TEXT NOT NULL,
                        server_group_id TEXT,
                        server_group_policy TEXT,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX allocations_host ON allocations (host);
                    CREATE INDEX allocations_server_group ON allocations (server_group_id);
                    CREATE TABLE placement_changes (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
                    INSERT INTO placement_changes (id, seq) VALUES (1, 0);
                    """)
        }
    ]

    let database: ServiceDatabase

    /// Opens (creating and migrating if needed) the placement database at `path`.
    ///
    /// Commits are not synced to disk one by one (`synchronous = NORMAL` on the pool's single writer
    /// connection): with WAL the file stays consistent and a process crash loses nothing, a power loss may
    /// undo the last claims. Syncing each claim costs some 2.5 ms on this disk, which caps a scheduler at
    /// 400 placements per second.
    public init(path: String) throws {
        database = try ServiceDatabase(path: path, migrations: Self.migrations)
        try database.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    }

    /// Where every service of a cloud finds the placement database.
    public static func path(stateDirectory: String) -> String {
        "\(stateDirectory)/compute/placement.sqlite"
    }

    /// Records a compute host's report: creates its provider or updates it, stamping `reportedAt`;
    /// allocation ratios are taken from `settings` as of this report. The enabled state is kept.
    public func upsert(
        _ report: ConductorAPI.HostReport, settings: SchedulerSettings, reportedAt: Date = Date()
    ) async throws {
        try await write { db, seq in
            try db.execute(
                sql: """
                    INSERT INTO providers (
                        host, uuid, availability_zone, host_ip, hypervisor_type, hypervisor_version, virt_type,
                        virt_type_reason, uptime, cpu_architecture, vcpus, memory_mb, disk_gb, reserved_memory_mb,
                        reserved_disk_gb, cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, last_report,
                        change_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (host) DO UPDATE SET
                        availability_zone = excluded.availability_zone, host_ip = excluded.host_ip,
                        hypervisor_type = excluded.hypervisor_type, hypervisor_version = excluded.hypervisor_version,
                        virt_type = excluded.virt_type, virt_type_reason = excluded.virt_type_reason,
                        uptime = excluded.uptime,
                        cpu_architecture = excluded.cpu_architecture,
                        vcpus = excluded.vcpus, memory_mb = excluded.memory_mb, disk_gb = excluded.disk_gb,
                        reserved_memory_mb = excluded.reserved_memory_mb, reserved_disk_gb = excluded.reserved_disk_gb,
                        cpu_allocation_ratio = excluded.cpu_allocation_ratio,
                        ram_allocation_ratio = excluded.ram_allocation_ratio,
                        disk_allocation_ratio = excluded.disk_allocation_ratio,
                        last_report = excluded.last_report, generation = generation + 1,
                        change_seq = excluded.change_seq
                    """,
                arguments: [
                    report.host, UUID().uuidString.lowercased(), report.availabilityZone, report.hostIP,
                    report.hypervisorType, report.hypervisorVersion, report.virtType, report.virtTypeReason,
                    report.uptime, report.cpuArchitecture,
                    report.vcpus, report.memoryMB, report.diskGB, report.reservedMemoryMB, report.reservedDiskGB,
                    settings.cpuAllocationRatio, settings.ramAllocationRatio, settings.diskAllocationRatio,
                    reportedAt.timeIntervalSince1970, seq,
                ])
        }
    }

    /// Enables or disables scheduling to `host` (os-services); returns false when no such host reported.
    @discardableResult
    public func setEnabled(host: String, enabled: Bool, reason: String? = nil) async throws -> Bool {
        try await write { db, seq in
            try db.execute(
                sql: """
                    UPDATE providers SET enabled = ?, disabled_reason = ?, generation = generation + 1, change_seq = ?
                    WHERE host = ?
                    """,
                arguments: [enabled, enabled ? nil : reason, seq, host])
            return db.changesCount > 0
        }
    }

    /// Every provider with its usage, by host name.
    public func providers() async throws -> [ResourceProvider] {
        try await database.pool.read { db in try ResourceProvider.fetchAll(db) }
    }

    /// One provider with its usage, nil when the host never reported.
    public func provider(host: String) async throws -> ResourceProvider? {
        try await database.pool.read { db in
            try ResourceProvider.fetchAll(db, where: "p.host = ?", [host]).first
        }
    }

    /// The change counter now and the providers changed after `seq` (all of them for 0), in one snapshot.
    /// Synchronous, for the scheduler's actor.
    func changes(since seq: Int64) throws -> (seq: Int64, providers: [ResourceProvider]) {
        try database.pool.read { db in
            let now = try Self.currentSeq(db)
            guard now != seq else { return (now, []) }
            let changed = try ResourceProvider.fetchAll(db, where: "p.change_seq > ?", [seq], index: "providers_change_seq")
            return (now, changed)
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction with the change number it must stamp on what it
    /// touches; rolled back (counter included) when `body` throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database, Int64) throws -> T) async throws -> T {
        try await database.pool.writeWithoutTransaction { db in try Self.transaction(db, body) }
    }

    /// `write`'s transaction, on the writer connection `db`.
    static func transaction<T>(_ db: Database, _ body: (Database, Int64) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            try db.cachedStatement(sql: "UPDATE placement_changes SET seq = seq + 1 WHERE id = 1").execute()
            result = try body(db, try currentSeq(db))
            return .commit
        }
        return result!
    }

    static func currentSeq(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM placement_changes WHERE id = 1")) ?? 0
    }
}
