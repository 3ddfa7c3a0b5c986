import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/users`: admin manages users; a user may read itself.
struct UsersController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let group = router.group("v3/users")
        group.get { request, context in
            try AccessPolicy.admin(context)
            let users = try await service.store.list(
                UserRecord.self, matching: request, filters: ["name", "domain_id", "enabled"], order: "name")
            return JSONResponse(
                Listing(key: "users", items: users.map { UserView($0, base: service.base) }, url: "\(service.base)/v3/users"))
        }
        group.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.UserBody.self, context: context, reader: .keystone)
            let name = try validName(body.user.name, of: "user")
            let hash = try body.user.password.map { try service.hasher.hash($0) }
            let user = UserRecord(
                id: newIdentifier(), name: name, domainID: body.user.domain_id ?? Bootstrap.defaultDomainID,
                enabled: body.user.enabled ?? true, passwordHash: hash, defaultProjectID: body.user.default_project_id,
                email: body.user.email, description: body.user.description)
            try await service.store.insert(
                user, inDomain: user.domainID,
                duplicate: "Conflict occurred attempting to store user - Duplicate entry found with name \(name) at domain ID \(user.domainID).")
            return JSONResponse(["user": UserView(user, base: service.base)], status: .created)
        }
        group.get(":id") { _, context in
            let id = try context.parameters.require("id")
            try AccessPolicy.adminOr(context) { $0.userID == id }
            let user = try await service.store.fetch(UserRecord.self, id: id, kind: "user")
            return JSONResponse(["user": UserView(user, base: service.base)])
        }
        group.patch(":id") { request, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            let fields = try await request.decodeJSON(
                as: Update<Requests.UserBody.Fields>.self, context: context, reader: .keystone
            ).fields
            if let name = fields.name { _ = try validName(name, of: "user") }
            let hash = try fields.password.map { try service.hasher.hash($0) }
            let user = try await service.store.update(
                UserRecord.self, id: id, kind: "user",
                duplicate: "Conflict occurred attempting to store user - duplicate name \(fields.name ?? "").")
            { user in
                user.name = fields.name ?? user.name
                user.enabled = fields.enabled ?? user.enabled
                user.email = fields.email ?? user.email
                user.description = fields.description ?? user.description
                user.defaultProjectID = fields.default_project_id ?? user.defaultProjectID
                user.passwordHash = hash ?? user.passwordHash
            }
            if hash != nil || fields.enabled == false { await service.revoke(.user(id: id)) }
            return JSONResponse(["user": UserView(user, base: service.base)])
        }
        group.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            try await service.store.delete(UserRecord.self, id: id, kind: "user") { db in
                try AssignmentRecord.filter(Column("actor_type") == "user" && Column("actor_id") == id).deleteAll(db)
            }
            await service.revoke(.user(id: id))
            return Response(status: .noContent)
        }
    }
}
