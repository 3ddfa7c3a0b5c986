import Foundation
import GRDB
import KumoHTTP

extension ComputeStore {
    /// Stores a new flavor; 409 when its id or name is taken.
    func insert(_ flavor: Flavor) async throws {
        try await write { db in
            if try FlavorRecord.exists(db, key: flavor.record.id) {
                throw APIError.conflict("Flavor with ID \(flavor.record.id) already exists.")
            }
            if try FlavorRecord.filter(Column("name") == flavor.record.name).fetchCount(db) > 0 {
                throw APIError.conflict("Flavor with name \(flavor.record.name) already exists.")
            }
            try flavor.record.insert(db)
            try Self.saveExtraSpecs(db, flavorID: flavor.record.id, flavor.extraSpecs)
        }
    }

    /// The flavor `id`, else 404.
    func flavor(_ id: String) async throws -> Flavor {
        try await read { db in try Self.flavor(db, id: id) }
    }

    /// Flavors in id order, public ones only unless `includePrivate`, at least `minRAM` and `minDisk`.
    func flavors(includePrivate: Bool, minRAM: Int, minDisk: Int, marker: String?, limit: Int) async throws -> [Flavor] {
        try await read { db in
            var request = FlavorRecord.filter(Column("memory_mb") >= minRAM && Column("root_gb") >= minDisk)
            if !includePrivate { request = request.filter(Column("is_public") == true) }
            if let marker {
                guard try FlavorRecord.exists(db, key: marker) else {
                    throw APIError.badRequest("marker [\(marker)] not found")
                }
                request = request.filter(Column("id") > marker)
            }
            return try request.order(Column("id")).limit(limit).fetchAll(db).map { record in
                Flavor(record: record, extraSpecs: try Self.extraSpecs(db, flavorID: record.id))
            }
        }
    }

    /// Deletes flavor `id`; instances keep the copy they were built with. 404 when it does not exist.
    func deleteFlavor(_ id: String) async throws {
        try await write { db in
            guard try FlavorRecord.deleteOne(db, key: id) else { throw Self.flavorNotFound(id) }
        }
    }

    /// Merges `specs` into flavor `id`'s extra specs and returns them all.
    func setExtraSpecs(_ id: String, _ specs: [String: String]) async throws -> [String: String] {
        try await write { db in
            _ = try Self.flavor(db, id: id)
            try Self.saveExtraSpecs(db, flavorID: id, specs)
            return try Self.extraSpecs(db, flavorID: id)
        }
    }

    /// Removes extra spec `key` of flavor `id`; 404 when either is missing.
    func deleteExtraSpec(_ id: String, key: String) async throws {
        try await write { db in
            _ = try Self.flavor(db, id: id)
            try db.execute(sql: "DELETE FROM flavor_extra_specs WHERE flavor_id = ? AND key = ?", arguments: [id, key])
            guard db.changesCount > 0 else {
                throw APIError.notFound("Flavor \(id) has no extra specs with key \(key).")
            }
        }
    }

    static func flavor(_ db: Database, id: String) throws -> Flavor {
        guard let record = try FlavorRecord.fetchOne(db, key: id) else { throw flavorNotFound(id) }
        return Flavor(record: record, extraSpecs: try extraSpecs(db, flavorID: id))
    }

    static func flavorNotFound(_ id: String) -> APIError {
        APIError.notFound("Flavor \(id) could not be found.")
    }

    private static func extraSpecs(_ db: Database, flavorID: String) throws -> [String: String] {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM flavor_extra_specs WHERE flavor_id = ?", arguments: [flavorID])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"], $0["value"]) })
    }

    private static func saveExtraSpecs(_ db: Database, flavorID: String, _ specs: [String: String]) throws {
        for (key, value) in specs {
            try db.execute(
                sql: "INSERT OR REPLACE INTO flavor_extra_specs (flavor_id, key, value) VALUES (?, ?, ?)",
                arguments: [flavorID, key, value])
        }
    }
}
