import Foundation
import GRDB

/// A replicated listing database: one SQLite file per container (its objects) or per account (its
/// containers), as Swift's container and account servers keep them.
///
/// Rows are merged last-write-wins by timestamp, so replicas that saw the same writes in any order
/// converge; deletions are rows marked deleted until reclaimed. The status (`created`, `deleted`
/// timestamps, metadata with a timestamp per key) merges the same way.
public final class ListingDatabase: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens or creates the database at `path`.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        // Outside a transaction: SQLite refuses to switch a database that has content to WAL inside one.
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS rows (
                        name TEXT PRIMARY KEY NOT NULL, timestamp TEXT NOT NULL, bytes INTEGER NOT NULL,
                        count INTEGER NOT NULL, content_type TEXT NOT NULL, etag TEXT NOT NULL,
                        deleted INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS rows_live ON rows (deleted, name);
                    CREATE TABLE IF NOT EXISTS status (
                        id INTEGER PRIMARY KEY CHECK (id = 1), path TEXT NOT NULL, created TEXT NOT NULL,
                        deleted TEXT NOT NULL, metadata TEXT NOT NULL);
                    INSERT OR IGNORE INTO status (id, path, created, deleted, metadata) VALUES (1, '', '', '', '{}');
                    CREATE TABLE IF NOT EXISTS sync_points (peer TEXT PRIMARY KEY NOT NULL, row_id INTEGER NOT NULL);
                    """)
        }
    }

    // MARK: Rows

    /// Merges rows: each replaces the row of the same name unless that one is newer.
    public func merge(_ rows: [ListingRow]) throws {
        try queue.write { db in
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO rows (name, timestamp, bytes, count, content_type, etag, deleted)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET timestamp = excluded.timestamp, bytes = excluded.bytes,
                            count = excluded.count, content_type = excluded.content_type, etag = excluded.etag,
                            deleted = excluded.deleted
                        WHERE excluded.timestamp > rows.timestamp
                        """,
                    arguments: [row.name, row.timestamp, row.bytes, row.count, row.contentType, row.etag, row.deleted])
            }
        }
    }

    /// Every row changed after `rowID` (ROWID order), for replication: the rows and the last ROWID.
    public func rows(after rowID: Int64, limit: Int) throws -> (rows: [ListingRow], last: Int64) {
        try queue.read { db in
            let fetched = try Row.fetchAll(
                db, sql: "SELECT rowid AS rid, * FROM rows WHERE rowid > ? ORDER BY rowid LIMIT ?",
                arguments: [rowID, limit])
            return (try fetched.map { try ListingRow(row: $0) }, fetched.last?["rid"] ?? rowID)
        }
    }

    /// Removes deletion marks older than `timestamp`.
    public func reclaim(deletedBefore timestamp: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM rows WHERE deleted = 1 AND timestamp < ?", arguments: [timestamp])
        }
    }

    /// Every row, deleted ones included.
    public func rowCount() throws -> Int64 {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM rows") ?? 0 }
    }

    /// Live rows and their totals (`count` of objects, `bytes` used).
    public func totals() throws -> (rows: Int64, count: Int64, bytes: Int64) {
        try queue.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT count(*) AS n, COALESCE(sum(count), 0) AS c, COALESCE(sum(bytes), 0) AS b FROM rows WHERE deleted = 0")!
            return (row["n"], row["c"], row["b"])
        }
    }

    /// A listing page: live rows in name order after `marker`, before `endMarker`, starting with
    /// `prefix`, names folded at the first `delimiter` after the prefix into one `subdirectory`.
    public func list(_ query: ListingQuery) throws -> [ListingEntry] {
        try queue.read { db in
            var entries: [ListingEntry] = []
            let prefix = query.prefix ?? ""
            var marker = query.reverse ? query.endMarker : query.marker
            let end = query.reverse ? query.marker : query.endMarker
            // A marker inside a folded subdirectory (`dir/` or `dir/x`) continues after all of it.
            if !query.reverse, let delimiter = query.delimiter, !delimiter.isEmpty, let start = marker,
                start.hasPrefix(prefix), let range = start.dropFirst(prefix.count).range(of: delimiter)
            {
                marker = String(start[..<range.upperBound]) + "\u{10FFFF}"
            }
            while entries.count < query.limit {
                var sql = "SELECT * FROM rows WHERE deleted = 0"
                var arguments: StatementArguments = []
                if let marker { sql += query.reverse ? " AND name < ?" : " AND name > ?"; arguments += [marker] }
                if let end { sql += query.reverse ? " AND name > ?" : " AND name < ?"; arguments += [end] }
                if !prefix.isEmpty {
                    sql += " AND substr(name, 1, length(?)) = ?"
                    arguments += [prefix, prefix]
                }
                sql += query.reverse ? " ORDER BY name DESC LIMIT ?" : " ORDER BY name LIMIT ?"
                arguments += [query.limit - entries.count]
                let rows = try ListingRow.fetchAll(db, sql: sql, arguments: arguments)
                guard !rows.isEmpty else { break }
                var folded = false
                for row in rows {
                    if let delimiter = query.delimiter, !delimiter.isEmpty,
                        let range = row.name.dropFirst(prefix.count).range(of: delimiter)
                    {
                        let subdirectory = String(row.name[..<range.upperBound])
                        entries.append(.subdirectory(subdirectory))
                        // Skip every name under the subdirectory.
                        marker = query.reverse ? subdirectory : subdirectory + "\u{10FFFF}"
                        folded = true
                        break
                    }
                    entries.append(.row(row))
                    marker = row.name
                    if entries.count == query.limit { break }
                }
                if !folded, rows.count < query.limit { break }
            }
            return entries
        }
    }

    // MARK: Status

    /// When the container or account was created and deleted (timestamps, empty if never), and its metadata.
    public struct Status: Sendable, Equatable, Codable {
        /// `/account` or `/account/container`: what the database lists.
        public var path: String
        public var created: String
        public var deleted: String
        /// name → (value, timestamp); an empty value deletes the key.
        public var metadata: [String: MetadataValue]

        public init(path: String, created: String = "", deleted: String = "", metadata: [String: MetadataValue] = [:]) {
            self.path = path
            self.created = created
            self.deleted = deleted
            self.metadata = metadata
        }

        /// Whether it exists: created after its last deletion.
        public var exists: Bool { !created.isEmpty && created > deleted }

        /// Metadata with its values only, without deleted keys.
        public var liveMetadata: [String: String] {
            metadata.compactMapValues { $0.value.isEmpty ? nil : $0.value }
        }
    }

    /// A metadata value and when it was set.
    public struct MetadataValue: Sendable, Equatable, Codable {
        public var value: String
        public var timestamp: String

        public init(value: String, timestamp: String) {
            self.value = value
            self.timestamp = timestamp
        }
    }

    public func status() throws -> Status {
        try queue.read { db in try Self.status(db) }
    }

    /// Merges another replica's (or a request's) status: newer timestamps win, key by key for metadata.
    @discardableResult
    public func merge(_ other: Status) throws -> Status {
        try queue.write { db in
            var status = try Self.status(db)
            if status.path.isEmpty { status.path = other.path }
            status.created = max(status.created, other.created)
            status.deleted = max(status.deleted, other.deleted)
            for (key, value) in other.metadata where value.timestamp > (status.metadata[key]?.timestamp ?? "") {
                status.metadata[key] = value
            }
            let metadata = String(decoding: try JSONEncoder().encode(status.metadata), as: UTF8.self)
            try db.execute(
                sql: "UPDATE status SET path = ?, created = ?, deleted = ?, metadata = ? WHERE id = 1",
                arguments: [status.path, status.created, status.deleted, metadata])
            return status
        }
    }

    private static func status(_ db: Database) throws -> Status {
        let row = try Row.fetchOne(db, sql: "SELECT path, created, deleted, metadata FROM status WHERE id = 1")!
        let metadata = try JSONDecoder().decode([String: MetadataValue].self, from: Data((row["metadata"] as String).utf8))
        return Status(path: row["path"], created: row["created"], deleted: row["deleted"], metadata: metadata)
    }

    // MARK: Replication

    /// The last ROWID already sent to `peer` (a device id of the ring).
    public func syncPoint(peer: String) throws -> Int64 {
        try queue.read { db in
            try Int64.fetchOne(db, sql: "SELECT row_id FROM sync_points WHERE peer = ?", arguments: [peer]) ?? 0
        }
    }

    public func setSyncPoint(_ rowID: Int64, peer: String) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO sync_points (peer, row_id) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET row_id = excluded.row_id",
                arguments: [peer, rowID])
        }
    }
}
