import Foundation
import GRDB
import KumoStore
import Synchronization

/// The identity service's database: resources, assignments, catalog and revocation events.
struct IdentityStore: Sendable {
    let database: ServiceDatabase
    /// Counts committed writes, so caches of what was read can tell they are stale.
    let generation = WriteGeneration()

    init(path: String) throws {
        database = try ServiceDatabase(path: path, migrations: IdentitySchema.migrations)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.pool.read(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { generation.bump() }
        return try await database.pool.write(body)
    }

    /// The roles `userID` holds on a project or domain, directly or through its groups.
    static func roles(
        _ db: Database, userID: String, targetType: AssignmentRecord.TargetType, targetID: String
    ) throws -> [RoleRecord] {
        try RoleRecord.fetchAll(
            db,
            sql: """
                SELECT DISTINCT roles.* FROM roles JOIN assignments ON assignments.role_id = roles.id
                WHERE assignments.target_type = ? AND assignments.target_id = ? AND (
                    (assignments.actor_type = 'user' AND assignments.actor_id = ?)
                    OR (assignments.actor_type = 'group' AND assignments.actor_id IN
                        (SELECT group_id FROM group_members WHERE user_id = ?)))
                ORDER BY roles.name
                """,
            arguments: [targetType.rawValue, targetID, userID, userID])
    }

    /// The projects on which `userID` holds any role.
    static func projects(_ db: Database, userID: String) throws -> [ProjectRecord] {
        try ProjectRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM projects WHERE id IN (
                    SELECT target_id FROM assignments WHERE target_type = 'project' AND (
                        (actor_type = 'user' AND actor_id = ?)
                        OR (actor_type = 'group' AND actor_id IN (SELECT group_id FROM group_members WHERE user_id = ?))))
                ORDER BY name
                """,
            arguments: [userID, userID])
    }

    /// Every enabled service with its enabled endpoints.
    static func catalog(_ db: Database) throws -> [(service: ServiceRecord, endpoints: [EndpointRecord])] {
        let services = try ServiceRecord.filter(Column("enabled") == true).order(Column("type")).fetchAll(db)
        let endpoints = try EndpointRecord.filter(Column("enabled") == true).fetchAll(db)
        return services.map { service in (service, endpoints.filter { $0.serviceID == service.id }) }
    }
}

/// A counter bumped after every write of a store.
final class WriteGeneration: Sendable {
    private let counter = Atomic<Int>(0)

    var current: Int { counter.load(ordering: .acquiring) }

    func bump() {
        counter.add(1, ordering: .releasing)
    }
}
