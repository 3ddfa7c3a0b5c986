import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/roles` and the grants of roles to users on projects and domains.
struct RolesController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let roles = router.group("v3/roles")
        roles.get { request, context in
            try AccessPolicy.admin(context)
            let records = try await service.store.list(RoleRecord.self, matching: request, filters: ["name"], order: "name")
            return JSONResponse(
                Listing(key: "roles", items: records.map { RoleView($0, base: service.base) }, url: "\(service.base)/v3/roles"))
        }
        roles.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.RoleBody.self, context: context, reader: .keystone)
            let role = RoleRecord(id: newIdentifier(), name: try validName(body.role.name, of: "role"), description: body.role.description)
            try await service.store.write { db in
                try APIErrors.conflictOnDuplicate("Conflict occurred attempting to store role - Duplicate entry found with name \(role.name).") {
                    try role.insert(db)
                }
            }
            return JSONResponse(["role": RoleView(role, base: service.base)], status: .created)
        }
        roles.get(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            let role = try await service.store.fetch(RoleRecord.self, id: id, kind: "role")
            return JSONResponse(["role": RoleView(role, base: service.base)])
        }
        roles.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            let removed = try await service.store.write { db in
                let grants = try AssignmentRecord.filter(Column("role_id") == id).fetchAll(db)
                guard try RoleRecord.deleteOne(db, key: id) else { throw APIError.notFound(kind: "role", id: id) }
                return grants
            }
            for grant in removed { await revokeGrant(grant) }
            return Response(status: .noContent)
        }

        for target in [AssignmentRecord.TargetType.project, .domain] {
            for actor in [AssignmentRecord.ActorType.user, .group] {
                registerGrants(on: router, target: target, actor: actor)
            }
        }
    }

    /// `/v3/{projects|domains}/:id/{users|groups}/:actor/roles[/:role]`: list, grant, check, revoke.
    private func registerGrants(
        on router: Router<KumoRequestContext>, target: AssignmentRecord.TargetType, actor: AssignmentRecord.ActorType
    ) {
        let path = "v3/\(target.rawValue)s/:id/\(actor.rawValue)s/:actor/roles"
        router.get(RouterPath(path)) { _, context in
            try AccessPolicy.admin(context)
            let (targetID, actorID) = (try context.parameters.require("id"), try context.parameters.require("actor"))
            let records = try await service.store.read { db in
                try RoleRecord.fetchAll(
                    db,
                    sql: """
                        SELECT roles.* FROM roles JOIN assignments ON assignments.role_id = roles.id
                        WHERE actor_type = ? AND actor_id = ? AND target_type = ? AND target_id = ?
                        ORDER BY roles.name
                        """,
                    arguments: [actor.rawValue, actorID, target.rawValue, targetID])
            }
            return JSONResponse(
                Listing(key: "roles", items: records.map { RoleView($0, base: service.base) }, url: "\(service.base)/\(path)"))
        }
        router.put(RouterPath(path + "/:role")) { _, context in
            let grant = try grant(context, target: target, actor: actor)
            try await service.store.write { db in
                try checkExists(db, grant)
                try grant.insert(db, onConflict: .ignore)
            }
            return Response(status: .noContent)
        }
        router.head(RouterPath(path + "/:role")) { _, context in
            let grant = try grant(context, target: target, actor: actor)
            let exists = try await service.store.read { db in try grant.exists(db) }
            guard exists else { throw APIError.notFound("Could not find role assignment.") }
            return Response(status: .noContent)
        }
        router.delete(RouterPath(path + "/:role")) { _, context in
            let grant = try grant(context, target: target, actor: actor)
            let deleted = try await service.store.write { db in try grant.delete(db) }
            guard deleted else { throw APIError.notFound("Could not find role assignment.") }
            await revokeGrant(grant)
            return Response(status: .noContent)
        }
    }

    private func grant(
        _ context: KumoRequestContext, target: AssignmentRecord.TargetType, actor: AssignmentRecord.ActorType
    ) throws -> AssignmentRecord {
        try AccessPolicy.admin(context)
        return AssignmentRecord(
            actorType: actor, actorID: try context.parameters.require("actor"), targetType: target,
            targetID: try context.parameters.require("id"), roleID: try context.parameters.require("role"))
    }

    private func checkExists(_ db: Database, _ grant: AssignmentRecord) throws {
        switch grant.actorType {
        case .user:
            guard try UserRecord.exists(db, key: grant.actorID) else { throw APIError.notFound(kind: "user", id: grant.actorID) }
        case .group:
            guard try GroupRecord.exists(db, key: grant.actorID) else { throw APIError.notFound(kind: "group", id: grant.actorID) }
        }
        guard try RoleRecord.exists(db, key: grant.roleID) else { throw APIError.notFound(kind: "role", id: grant.roleID) }
        switch grant.targetType {
        case .project:
            guard try ProjectRecord.exists(db, key: grant.targetID) else {
                throw APIError.notFound(kind: "project", id: grant.targetID)
            }
        case .domain:
            guard try DomainRecord.exists(db, key: grant.targetID) else {
                throw APIError.notFound(kind: "domain", id: grant.targetID)
            }
        }
    }

    /// A removed role: the tokens of the user (or of the group's members) on that target stop working.
    private func revokeGrant(_ grant: AssignmentRecord) async {
        var users = [grant.actorID]
        if grant.actorType == .group {
            users = (try? await service.store.read { db in
                try String.fetchAll(db, sql: "SELECT user_id FROM group_members WHERE group_id = ?", arguments: [grant.actorID])
            }) ?? []
        }
        for user in users {
            switch grant.targetType {
            case .project: await service.revoke(.userOnProject(userID: user, projectID: grant.targetID))
            case .domain: await service.revoke(.user(id: user))
            }
        }
    }
}
