import Foundation
import GRDB
import KumoCore
import KumoHTTP

extension ComputeStore {
    /// Stores a server group, within the project's `server_groups` quota.
    func insert(_ group: ServerGroupRecord) async throws {
        try await write { db in
            let limit = try Quota.limits(db, projectID: group.projectID)["server_groups"] ?? -1
            let used = try ServerGroupRecord.filter(Column("project_id") == group.projectID).fetchCount(db)
            if limit >= 0, used + 1 > limit {
                throw APIError.forbidden("Quota exceeded for server_groups: Requested 1, but already used \(used) of \(limit) server_groups")
            }
            try group.insert(db)
        }
    }

    /// The server group `id` if `credentials` may see it, else 404.
    func serverGroup(_ id: String, by credentials: Credentials) async throws -> ServerGroupRecord {
        try await read { db in try Self.serverGroup(db, id, by: credentials) }
    }

    /// The groups of the caller's project (of every project for an admin with `allProjects`).
    func serverGroups(by credentials: Credentials, allProjects: Bool) async throws -> [ServerGroupRecord] {
        try await read { db in
            var request = ServerGroupRecord.order(Column("created_at"))
            if !(credentials.isAdmin && allProjects) {
                request = request.filter(Column("project_id") == (credentials.projectID ?? ""))
            }
            return try request.fetchAll(db)
        }
    }

    /// The live members of group `id`.
    func members(ofGroup id: String) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT uuid FROM instances WHERE server_group_id = ? AND deleted = 0", arguments: [id])
        }
    }

    func deleteServerGroup(_ id: String, by credentials: Credentials) async throws {
        try await write { db in
            let group = try Self.serverGroup(db, id, by: credentials)
            guard AccessPolicy.allows(credentials, .write, projectID: group.projectID) else { throw APIError.forbidden() }
            try group.delete(db)
        }
    }

    private static func serverGroup(_ db: Database, _ id: String, by credentials: Credentials) throws -> ServerGroupRecord {
        guard let group = try ServerGroupRecord.fetchOne(db, key: id.lowercased()),
            AccessPolicy.allows(credentials, .read, projectID: group.projectID)
        else { throw APIError.notFound("Instance group \(id) could not be found.") }
        return group
    }
}
