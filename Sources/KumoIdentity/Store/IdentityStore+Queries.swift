import GRDB
import Hummingbird
import KumoHTTP

extension IdentityStore {
    /// The record with `id`, or Keystone's 404 naming `kind` ("Could not find project: …").
    func fetch<Record: FetchableRecord & TableRecord & Sendable>(
        _ type: Record.Type, id: String, kind: String
    ) async throws -> Record {
        guard let record = try await read({ db in try Record.fetchOne(db, key: id) }) else {
            throw APIError.notFound(kind: kind, id: id)
        }
        return record
    }

    /// The records whose columns equal the request's query parameters among `filters` (`name`,
    /// `domain_id`, `enabled` …), ordered by `order`.
    func list<Record: FetchableRecord & TableRecord & Sendable>(
        _ type: Record.Type, matching request: Request, filters: [String], order: String
    ) async throws -> [Record] {
        let conditions: [(String, any DatabaseValueConvertible & Sendable)] = filters.compactMap { name in
            guard let value = request.uri.queryParameters.get(name) else { return nil }
            if name == "enabled" { return (name, ["true", "1", "yes"].contains(value.lowercased())) }
            return (name, value)
        }
        return try await read { db in
            var query = Record.order(Column(order))
            for (name, value) in conditions { query = query.filter(Column(name) == value) }
            return try query.fetchAll(db)
        }
    }

    /// Inserts a record owned by `domainID`: 404 when the domain does not exist, 409 with
    /// `duplicate` when its name is taken there.
    func insert<Record: PersistableRecord & Sendable>(
        _ record: Record, inDomain domainID: String, duplicate: String
    ) async throws {
        try await write { db in
            guard try DomainRecord.exists(db, key: domainID) else { throw APIError.notFound(kind: "domain", id: domainID) }
            try APIErrors.conflictOnDuplicate(duplicate) { try record.insert(db) }
        }
    }
}

extension IdentityStore {
    /// Loads the record with `id` (404 naming `kind`), applies `change` and saves it; a name taken by
    /// another record becomes 409 with `duplicate`.
    func update<Record: FetchableRecord & PersistableRecord & Sendable>(
        _ type: Record.Type, id: String, kind: String, duplicate: String,
        _ change: @escaping @Sendable (inout Record) throws -> Void
    ) async throws -> Record {
        try await write { db in
            guard var record = try Record.fetchOne(db, key: id) else { throw APIError.notFound(kind: kind, id: id) }
            try change(&record)
            try APIErrors.conflictOnDuplicate(duplicate) { try record.update(db) }
            return record
        }
    }

    /// Deletes the record with `id` (404 naming `kind`) after `dependents` removed or refused what
    /// hangs on it, in one transaction.
    func delete<Record: TableRecord & Sendable>(
        _ type: Record.Type, id: String, kind: String,
        dependents: @escaping @Sendable (Database) throws -> Void = { _ in }
    ) async throws {
        try await write { db in
            guard try Record.exists(db, key: id) else { throw APIError.notFound(kind: kind, id: id) }
            try dependents(db)
            _ = try Record.deleteOne(db, key: id)
        }
    }
}
