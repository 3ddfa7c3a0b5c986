import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `GET /v3/role_assignments` with Keystone's filters (`user.id`, `scope.project.id`, `scope.domain.id`,
/// `role.id`, `effective`, `include_names`).
struct RoleAssignmentsController {
    let service: IdentityService

    struct Assignment: Encodable, Sendable {
        struct Named: Encodable, Sendable {
            var id: String
            var name: String?
            /// With `include_names`, the domain of a user or project, as Keystone shows it.
            var domain: Reference?
        }
        struct Scope: Encodable, Sendable {
            var project: Named?
            var domain: Named?
        }
        var role: Named
        var user: Named?
        var group: Named?
        var scope: Scope
        var links: [String: String]
    }

    func register(on router: Router<KumoRequestContext>) {
        router.get("v3/role_assignments") { request, context in
            try AccessPolicy.admin(context)
            let query = request.uri.queryParameters
            let userID = query.get("user.id")
            let groupID = query.get("group.id")
            let projectID = query.get("scope.project.id")
            let domainID = query.get("scope.domain.id")
            let roleID = query.get("role.id")
            func flag(_ name: String) -> Bool {
                query.get(name).map { ["true", "1", ""].contains($0.lowercased()) } ?? false
            }
            let includeNames = flag("include_names")
            // `effective`: group grants become grants of each member, linked to the membership.
            let source =
                flag("effective")
                ? """
                    (SELECT actor_type, actor_id, target_type, target_id, role_id, NULL AS via_group
                        FROM assignments WHERE actor_type = 'user'
                     UNION SELECT 'user', m.user_id, g.target_type, g.target_id, g.role_id, g.actor_id
                        FROM assignments g JOIN group_members m ON g.actor_type = 'group' AND m.group_id = g.actor_id)
                    """
                : "(SELECT *, NULL AS via_group FROM assignments)"
            let assignments = try await service.store.read { db in
                var sql = """
                    SELECT a.actor_type, a.actor_id, a.target_type, a.target_id, a.role_id, a.via_group, r.name AS role_name,
                        COALESCE(u.name, g.name) AS actor_name, COALESCE(u.domain_id, g.domain_id) AS actor_domain_id,
                        ad.name AS actor_domain_name, COALESCE(p.name, d.name) AS target_name,
                        p.domain_id AS project_domain_id, pd.name AS project_domain_name
                    FROM \(source) a JOIN roles r ON r.id = a.role_id
                    LEFT JOIN users u ON a.actor_type = 'user' AND u.id = a.actor_id
                    LEFT JOIN groups g ON a.actor_type = 'group' AND g.id = a.actor_id
                    LEFT JOIN domains ad ON ad.id = COALESCE(u.domain_id, g.domain_id)
                    LEFT JOIN projects p ON a.target_type = 'project' AND p.id = a.target_id
                    LEFT JOIN domains pd ON pd.id = p.domain_id
                    LEFT JOIN domains d ON a.target_type = 'domain' AND d.id = a.target_id
                    WHERE 1 = 1
                    """
                var arguments: StatementArguments = []
                if let userID { sql += " AND a.actor_type = 'user' AND a.actor_id = ?"; arguments += [userID] }
                if let groupID { sql += " AND a.actor_type = 'group' AND a.actor_id = ?"; arguments += [groupID] }
                if let projectID { sql += " AND a.target_type = 'project' AND a.target_id = ?"; arguments += [projectID] }
                if let domainID { sql += " AND a.target_type = 'domain' AND a.target_id = ?"; arguments += [domainID] }
                if let roleID { sql += " AND a.role_id = ?"; arguments += [roleID] }
                return try Row.fetchAll(db, sql: sql + " ORDER BY a.actor_type DESC, actor_name, r.name", arguments: arguments).map { row in
                    let projectDomain: String? = row["project_domain_id"]
                    let target = Assignment.Named(
                        id: row["target_id"], name: includeNames ? row["target_name"] : nil,
                        domain: includeNames ? projectDomain.map { Reference(id: $0, name: row["project_domain_name"]) } : nil)
                    let targetType: String = row["target_type"]
                    let actorID: String = row["actor_id"]
                    let actorType: String = row["actor_type"]
                    let actor = Assignment.Named(
                        id: actorID, name: includeNames ? row["actor_name"] : nil,
                        domain: includeNames ? Reference(id: row["actor_domain_id"], name: row["actor_domain_name"]) : nil)
                    let targetID: String = row["target_id"]
                    let roleID: String = row["role_id"]
                    let viaGroup: String? = row["via_group"]
                    let granted = viaGroup.map { ("groups", $0) } ?? ("\(actorType)s", actorID)
                    var links = ["assignment": "\(service.base)/v3/\(targetType)s/\(targetID)/\(granted.0)/\(granted.1)/roles/\(roleID)"]
                    if let viaGroup { links["membership"] = "\(service.base)/v3/groups/\(viaGroup)/users/\(actorID)" }
                    return Assignment(
                        role: .init(id: roleID, name: includeNames ? row["role_name"] : nil),
                        user: actorType == "user" ? actor : nil, group: actorType == "group" ? actor : nil,
                        scope: targetType == "project" ? .init(project: target) : .init(domain: target),
                        links: links)
                }
            }
            return JSONResponse(
                Listing(key: "role_assignments", items: assignments, url: "\(service.base)/v3/role_assignments"))
        }
    }
}
