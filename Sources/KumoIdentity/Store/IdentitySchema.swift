import GRDB
import KumoStore

/// The identity database's migrations (`<state_dir>/identity/identity.sqlite`).
enum IdentitySchema {
    static let migrations: [Migration] = [
        Migration(1, "create-identity") { db in
            try db.create(table: "domains") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("description", .text).notNull().defaults(to: "")
                t.column("enabled", .boolean).notNull().defaults(to: true)
            }
            try db.create(table: "projects") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("domain_id", .text).notNull().references("domains")
                t.column("description", .text).notNull().defaults(to: "")
                t.column("enabled", .boolean).notNull().defaults(to: true)
                t.uniqueKey(["domain_id", "name"])
            }
            try db.create(table: "users") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("domain_id", .text).notNull().references("domains")
                t.column("enabled", .boolean).notNull().defaults(to: true)
                t.column("password_hash", .text)
                t.column("default_project_id", .text)
                t.column("email", .text)
                t.column("description", .text)
                t.uniqueKey(["domain_id", "name"])
            }
            try db.create(table: "groups") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("domain_id", .text).notNull().references("domains")
                t.column("description", .text).notNull().defaults(to: "")
                t.uniqueKey(["domain_id", "name"])
            }
            try db.create(table: "group_members") { t in
                t.column("group_id", .text).notNull().references("groups", onDelete: .cascade)
                t.column("user_id", .text).notNull().references("users", onDelete: .cascade)
                t.primaryKey(["group_id", "user_id"])
            }
            try db.create(table: "roles") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique(onConflict: .abort)
                t.column("description", .text)
            }
            try db.create(table: "assignments") { t in
                t.column("actor_type", .text).notNull()
                t.column("actor_id", .text).notNull()
                t.column("target_type", .text).notNull()
                t.column("target_id", .text).notNull()
                t.column("role_id", .text).notNull().references("roles", onDelete: .cascade)
                t.primaryKey(["actor_type", "actor_id", "target_type", "target_id", "role_id"])
            }
            try db.create(table: "regions") { t in
                t.primaryKey("id", .text)
                t.column("description", .text).notNull().defaults(to: "")
                t.column("parent_region_id", .text)
            }
            try db.create(table: "services") { t in
                t.primaryKey("id", .text)
                t.column("type", .text).notNull()
                t.column("name", .text).notNull()
                t.column("description", .text)
                t.column("enabled", .boolean).notNull().defaults(to: true)
            }
            try db.create(table: "endpoints") { t in
                t.primaryKey("id", .text)
                t.column("service_id", .text).notNull().references("services", onDelete: .cascade)
                t.column("interface", .text).notNull()
                t.column("region_id", .text)
                t.column("url", .text).notNull()
                t.column("enabled", .boolean).notNull().defaults(to: true)
            }
            try db.create(table: "revocation_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("event", .text).notNull()  // JSON of KumoAuth's RevocationEvent
                t.column("created_at", .double).notNull()
            }
        }
    ]
}
