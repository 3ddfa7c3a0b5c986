import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/domains`: admin only.
struct DomainsController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let group = router.group("v3/domains")
        group.get { request, context in
            try Policy.admin(context)
            let domains = try await service.store.list(
                DomainRecord.self, matching: request, filters: ["name", "enabled"], order: "name")
            return JSONResponse(
                Listing(key: "domains", items: domains.map { DomainView($0, base: service.base) },
                        url: "\(service.base)/v3/domains"))
        }
        group.post { request, context in
            try Policy.admin(context)
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
            try Policy.adminOr(context) { $0.domainID == id || $0.userDomainID == id }
            let domain = try await service.store.fetch(DomainRecord.self, id: id, kind: "domain")
            return JSONResponse(["domain": DomainView(domain, base: service.base)])
        }
    }
}
