import Foundation
import GRDB
import KumoStore

/// The compute database: flavors, key pairs, instances with their actions, server groups and quotas.
///
/// compute-api and the conductor share it (one file on the control host); every check that guards a
/// change (quota, the state an action needs) runs in the transaction that makes the change.
struct ComputeStore: Sendable {
    let database: ServiceDatabase

    init(path: String) throws {
        database = try ServiceDatabase(path: path, migrations: ComputeSchema.migrations + ComputeSchema.seeds)
    }

    /// `<state_dir>/compute/compute.sqlite`.
    static func path(stateDirectory: String) -> String { "\(stateDirectory)/compute/compute.sqlite" }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.pool.read(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.pool.write(body)
    }
}
