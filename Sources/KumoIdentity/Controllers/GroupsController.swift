import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/groups` and their members: admin only, except that a user may list its own groups.
struct GroupsController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let groups = router.group("v3/groups")
        groups.get { request, context in
            try AccessPolicy.admin(context)
            let records = try await service.store.list(
                GroupRecord.self, matching: request, filters: ["name", "domain_id"], order: "name")
            return JSONResponse(
                Listing(key: "groups", items: records.map { GroupView($0, base: service.base) }, url: "\(service.base)/v3/groups"))
        }
        groups.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.GroupBody.self, context: context, reader: .keystone)
            let group = GroupRecord(
                id: newIdentifier(), name: try validName(body.group.name, of: "group"),
                domainID: body.group.domain_id ?? Bootstrap.defaultDomainID, description: body.group.description ?? "")
            try await service.store.insert(
                group, inDomain: group.domainID,
                duplicate: "Conflict occurred attempting to store group - Duplicate entry found with name \(group.name).")
            return JSONResponse(["group": GroupView(group, base: service.base)], status: .created)
        }
        groups.get(":id") { _, context in
            try AccessPolicy.admin(context)
            let group = try await service.store.fetch(GroupRecord.self, id: try context.parameters.require("id"), kind: "group")
            return JSONResponse(["group": GroupView(group, base: service.base)])
        }
        groups.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            let members = try await service.store.write { db in
                let members = try String.fetchAll(db, sql: "SELECT user_id FROM group_members WHERE group_id = ?", arguments: [id])
                guard try GroupRecord.deleteOne(db, key: id) else { throw APIError.notFound(kind: "group", id: id) }
                try AssignmentRecord.filter(Column("actor_type") == "group" && Column("actor_id") == id).deleteAll(db)
                return members
            }
            for member in members { await service.revoke(.user(id: member)) }
            return Response(status: .noContent)
        }
        groups.get(":id/users") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            _ = try await service.store.fetch(GroupRecord.self, id: id, kind: "group")
            let users = try await service.store.read { db in
                try UserRecord.fetchAll(
                    db, sql: "SELECT users.* FROM users JOIN group_members ON user_id = users.id WHERE group_id = ? ORDER BY name",
                    arguments: [id])
            }
            return JSONResponse(
                Listing(key: "users", items: users.map { UserView($0, base: service.base) }, url: "\(service.base)/v3/groups/\(id)/users"))
        }
        groups.put(":id/users/:user") { _, context in
            let (group, user) = try membership(context)
            try await service.store.write { db in
                guard try GroupRecord.exists(db, key: group) else { throw APIError.notFound(kind: "group", id: group) }
                guard try UserRecord.exists(db, key: user) else { throw APIError.notFound(kind: "user", id: user) }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)", arguments: [group, user])
            }
            return Response(status: .noContent)
        }
        groups.head(":id/users/:user") { _, context in
            let (group, user) = try membership(context)
            let member = try await service.store.read { db in
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?", arguments: [group, user]) ?? false
            }
            guard member else { throw APIError.notFound("User \(user) is not a member of group \(group).") }
            return Response(status: .noContent)
        }
        groups.delete(":id/users/:user") { _, context in
            let (group, user) = try membership(context)
            let removed = try await service.store.write { db in
                try db.execute(sql: "DELETE FROM group_members WHERE group_id = ? AND user_id = ?", arguments: [group, user])
                return db.changesCount > 0
            }
            guard removed else { throw APIError.notFound("User \(user) is not a member of group \(group).") }
            await service.revoke(.user(id: user))
            return Response(status: .noContent)
        }
        router.get("v3/users/:id/groups") { _, context in
            let id = try context.parameters.require("id")
            try AccessPolicy.adminOr(context) { $0.userID == id }
            let records = try await service.store.read { db in
                try GroupRecord.fetchAll(
                    db, sql: "SELECT groups.* FROM groups JOIN group_members ON group_id = groups.id WHERE user_id = ? ORDER BY name",
                    arguments: [id])
            }
            return JSONResponse(
                Listing(key: "groups", items: records.map { GroupView($0, base: service.base) }, url: "\(service.base)/v3/users/\(id)/groups"))
        }
    }

    private func membership(_ context: KumoRequestContext) throws -> (group: String, user: String) {
        try AccessPolicy.admin(context)
        return (try context.parameters.require("id"), try context.parameters.require("user"))
    }
}
