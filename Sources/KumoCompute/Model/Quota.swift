import GRDB
import KumoHTTP

/// A project's limits (`os-quota-sets`): defaults from Nova, overridden per project in `quotas`.
enum Quota {
    /// Resource → default hard limit; -1 is unlimited.
    static let defaults: [String: Int] = [
        "instances": 10, "cores": 20, "ram": 51200, "key_pairs": 100, "metadata_items": 128,
        "server_groups": 10, "server_group_members": 10,
    ]

    /// The limits of `projectID`: defaults with its own values over them.
    static func limits(_ db: Database, projectID: String) throws -> [String: Int] {
        var limits = defaults
        for row in try Row.fetchAll(db, sql: "SELECT resource, hard_limit FROM quotas WHERE project_id = ?", arguments: [projectID]) {
            limits[row["resource"]] = row["hard_limit"]
        }
        return limits
    }

    /// What the live instances of `projectID` use: `instances`, `cores`, `ram`.
    static func usage(_ db: Database, projectID: String) throws -> [String: Int] {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS instances, COALESCE(SUM(vcpus), 0) AS cores, COALESCE(SUM(memory_mb), 0) AS ram
                FROM instances WHERE project_id = ? AND deleted = 0
                """, arguments: [projectID])!
        return ["instances": row["instances"], "cores": row["cores"], "ram": row["ram"]]
    }

    /// 403 naming the first quota `requested` would exceed, as Nova words it.
    static func check(_ db: Database, projectID: String, requested: [String: Int]) throws {
        let limits = try limits(db, projectID: projectID)
        let usage = try usage(db, projectID: projectID)
        for resource in ["instances", "cores", "ram"] {
            guard let wanted = requested[resource], let limit = limits[resource], limit >= 0 else { continue }
            let used = usage[resource] ?? 0
            if used + wanted > limit {
                throw APIError.forbidden(
                    "Quota exceeded for \(resource): Requested \(wanted), but already used \(used) of \(limit) \(resource)")
            }
        }
    }

    /// Sets `projectID`'s limits (admin); unknown resources are refused with 400.
    static func set(_ db: Database, projectID: String, _ values: [String: Int]) throws {
        for (resource, limit) in values {
            guard defaults[resource] != nil else { throw APIError.badRequest("Unknown quota resource \(resource).") }
            guard limit >= -1 else { throw APIError.badRequest("Quota limit \(limit) for \(resource) must be -1 or more.") }
            try db.execute(
                sql: "INSERT OR REPLACE INTO quotas (project_id, resource, hard_limit) VALUES (?, ?, ?)",
                arguments: [projectID, resource, limit])
        }
    }
}
