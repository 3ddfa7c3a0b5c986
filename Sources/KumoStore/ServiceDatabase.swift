import Foundation
import GRDB
import KumoCore

/// A service's own SQLite file (WAL mode, through GRDB), migrated to the newest schema when opened.
public struct ServiceDatabase: Sendable {
    /// Concurrent readers, one writer; what two processes race on goes in one write transaction.
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) `path` and applies the migrations it lacks, in order.
    ///
    /// - Throws: `StoreError.badMigrations` when numbers are not 1, 2, 3…; `StoreError.newerSchema`
    ///   when the file was written by a newer Kumo.
    public init(path: String, migrations: [Migration]) throws {
        guard migrations.map(\.number) == migrations.indices.map({ $0 + 1 })
        else { throw StoreError.badMigrations(path: path) }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in try migration.apply(db) }
        }
        let known = Set(migrations.map(\.identifier))
        // Services of one cloud open a shared file at once: one process migrates, the others wait.
        try Self.withFileLock(path + ".lock") {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError.newerSchema(path: path, migration: unknown)
            }
            try migrator.migrate(pool)
        }
        self.pool = pool
        self.path = path
    }

    /// Runs `body` holding an exclusive `flock` on `path` (created if missing).
    private static func withFileLock(_ path: String, _ body: () throws -> Void) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.lock(path: path, errno: errno) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw StoreError.lock(path: path, errno: errno) }
        defer { flock(descriptor, LOCK_UN) }
        try body()
    }

    /// The number of the newest migration applied to the file.
    public func schemaVersion() async throws -> Int {
        try await pool.read { db in
            guard try db.tableExists("grdb_migrations") else { return 0 }  // created by the first migration
            let identifiers = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            return identifiers.compactMap { Int($0.prefix(4)) }.max() ?? 0
        }
    }
}

/// Why a database could not be opened.
public enum StoreError: Error, CustomStringConvertible {
    case badMigrations(path: String)
    case newerSchema(path: String, migration: String)
    case lock(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .badMigrations(let path): "migrations of \(path) must be numbered 1, 2, 3… without gaps"
        case .newerSchema(let path, let migration):
            "\(path) has migration \(migration), unknown to this version of Kumo: refusing to use it"
        case .lock(let path, let errno): "cannot lock \(path): \(String(cString: strerror(errno)))"
        }
    }
}
