import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/domains`: admin only; a user may read its own domain. Disabling or deleting a domain revokes
/// its users' tokens and the tokens scoped to it; only a disabled domain may be deleted, and its
/// projects, users and groups go with it.
struct DomainsController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let group = router.group("v3/domains")
        group.get { request, context in
            try AccessPolicy.admin(context)
            let domains = try await service.store.list(
                DomainRecord.self, matching: request, filters: ["name", "enabled"], order: "name")
            return JSONResponse(
                Listing(key: "domains", items: domains.map { DomainView($0, base: service.base) },
                        url: "\(service.base)/v3/domains"))
        }
        group.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.DomainBody.self, context: context, reader: .keystone)
            let domain = DomainRecord(
                id: newIdentifier(), name: try validName(body.domain.name, of: "domain"),
                description: body.domain.description ?? "", enabled: body.domain.enabled ?? true)
            try await service.store.write { db in
                try APIErrors.conflictOnDuplicate("Conflict occurred attempting to store domain - duplicate name \(domain.name).") {
                    try domain.insert(db)
                }
            }
            return JSONResponse(["domain": DomainView(domain, base: service.base)], status: .created)
        }
        group.get(":id") { _, context in
            let id = try context.parameters.require("id")
            try AccessPolicy.adminOr(context) { $0.domainID == id || $0.userDomainID == id }
            let domain = try await service.store.fetch(DomainRecord.self, id: id, kind: "domain")
            return JSONResponse(["domain": DomainView(domain, base: service.base)])
        }
        group.patch(":id") { request, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            let fields = try await request.decodeJSON(
                as: Update<Requests.DomainBody.Fields>.self, context: context, reader: .keystone
            ).fields
            if let name = fields.name { _ = try validName(name, of: "domain") }
            let domain = try await service.store.update(
                DomainRecord.self, id: id, kind: "domain",
                duplicate: "Conflict occurred attempting to store domain - duplicate name \(fields.name ?? "").")
            { domain in
                domain.name = fields.name ?? domain.name
                domain.description = fields.description ?? domain.description
                domain.enabled = fields.enabled ?? domain.enabled
            }
            if !domain.enabled { await service.revoke(.domain(id: id)) }
            return JSONResponse(["domain": DomainView(domain, base: service.base)])
        }
        group.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            try await service.store.delete(DomainRecord.self, id: id, kind: "domain") { db in
                guard try DomainRecord.fetchOne(db, key: id)?.enabled == false else {
                    throw APIError.forbidden("Cannot delete a domain that is enabled, please disable it first.")
                }
                try db.execute(
                    sql: """
                        DELETE FROM assignments WHERE (target_type = 'domain' AND target_id = ?1)
                            OR (target_type = 'project' AND target_id IN (SELECT id FROM projects WHERE domain_id = ?1))
                            OR (actor_type = 'user' AND actor_id IN (SELECT id FROM users WHERE domain_id = ?1))
                            OR (actor_type = 'group' AND actor_id IN (SELECT id FROM groups WHERE domain_id = ?1))
                        """, arguments: [id])
                for table in ["projects", "users", "groups"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE domain_id = ?", arguments: [id])
                }
            }
            await service.revoke(.domain(id: id))
            return Response(status: .noContent)
        }
    }
}
