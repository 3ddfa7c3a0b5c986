import Foundation
import GRDB
import KumoStore

/// The compute database's migrations (`<state_dir>/compute/compute.sqlite`): flavors, key pairs,
/// instances with their actions and events, server groups and quotas. Claims of host resources live in
/// the scheduler's placement database.
enum ComputeSchema {
    static let migrations: [Migration] = [
        Migration(1, "create-compute") { db in
            try db.create(table: "flavors") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("vcpus", .integer).notNull()
                t.column("memory_mb", .integer).notNull()
                t.column("root_gb", .integer).notNull()
                t.column("ephemeral_gb", .integer).notNull()
                t.column("swap_mb", .integer).notNull()
                t.column("rxtx_factor", .double).notNull()
                t.column("is_public", .boolean).notNull()
                t.column("description", .text)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "flavor_extra_specs") { t in
                t.column("flavor_id", .text).notNull().references("flavors", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["flavor_id", "key"])
            }
            try db.create(table: "keypairs") { t in
                t.column("user_id", .text).notNull()
                t.column("name", .text).notNull()
                t.column("type", .text).notNull()
                t.column("public_key", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.primaryKey(["user_id", "name"])
            }
            try db.create(table: "server_groups") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("policy", .text).notNull()
                t.column("project_id", .text).notNull()
                t.column("user_id", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "instances") { t in
                t.primaryKey("uuid", .text)
                t.column("name", .text).notNull()
                t.column("project_id", .text).notNull().indexed()
                t.column("user_id", .text).notNull()
                t.column("host", .text).indexed()
                t.column("vm_state", .text).notNull()
                t.column("task_state", .text).notNull()
                t.column("power_state", .integer).notNull()
                t.column("vcpus", .integer).notNull()
                t.column("memory_mb", .integer).notNull()
                t.column("server_group_id", .text).references("server_groups", onDelete: .setNull)
                t.column("reservation_id", .text).notNull()
                t.column("launch_index", .integer).notNull()
                t.column("spec", .text).notNull()
                t.column("fault", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                t.column("launched_at", .datetime)
                t.column("deleted_at", .datetime)
                t.column("deleted", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "instance_actions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("instance_uuid", .text).notNull().indexed()
                t.column("request_id", .text).notNull()
                t.column("action", .text).notNull()
                t.column("project_id", .text).notNull()
                t.column("user_id", .text).notNull()
                t.column("start_time", .datetime).notNull()
                t.column("message", .text)
                t.uniqueKey(["instance_uuid", "request_id"])
            }
            try db.create(table: "instance_action_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("action_id", .integer).notNull().indexed().references("instance_actions", onDelete: .cascade)
                t.column("event", .text).notNull()
                t.column("host", .text)
                t.column("start_time", .datetime).notNull()
                t.column("finish_time", .datetime)
                t.column("result", .text)
                t.column("details", .text)
            }
            try db.create(table: "quotas") { t in
                t.column("project_id", .text).notNull()
                t.column("resource", .text).notNull()
                t.column("hard_limit", .integer).notNull()
                t.primaryKey(["project_id", "resource"])
            }
        }
    ]
}

extension ComputeSchema {
    /// The flavors every OpenStack user expects (devstack's `m1.*`), made once with the database.
    static let seeds: [Migration] = [
        Migration(2, "seed-flavors") { db in
            let flavors: [(String, String, Int, Int, Int)] = [
                ("1", "m1.tiny", 1, 512, 1), ("2", "m1.small", 1, 2048, 20), ("3", "m1.medium", 2, 4096, 40),
                ("4", "m1.large", 4, 8192, 80), ("5", "m1.xlarge", 8, 16384, 160),
            ]
            for (id, name, vcpus, memory, disk) in flavors {
                try FlavorRecord(
                    id: id, name: name, vcpus: vcpus, memoryMB: memory, rootGB: disk, ephemeralGB: 0, swapMB: 0,
                    rxtxFactor: 1, isPublic: true, description: nil, createdAt: Date()
                ).insert(db)
            }
        }
    ]
}
