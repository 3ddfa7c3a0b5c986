import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/services` and `/v3/endpoints`: the catalog, admin only.
struct CatalogController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        router.get("v3/services") { request, context in
            try AccessPolicy.admin(context)
            let services = try await service.store.list(ServiceRecord.self, matching: request, filters: ["type", "name"], order: "type")
            return JSONResponse(
                Listing(key: "services", items: services.map { ServiceView($0, base: service.base) },
                        url: "\(service.base)/v3/services"))
        }
        router.post("v3/services") { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.ServiceBody.self, context: context, reader: .keystone)
            guard let type = body.service.type, !type.isEmpty else { throw APIErrors.missing("service.type") }
            let record = ServiceRecord(
                id: newIdentifier(), type: type, name: body.service.name ?? type, description: body.service.description,
                enabled: body.service.enabled ?? true)
            try await service.store.write { db in try record.insert(db) }
            return JSONResponse(["service": ServiceView(record, base: service.base)], status: .created)
        }
        router.get("v3/services/:id") { _, context in
            try AccessPolicy.admin(context)
            let record = try await service.store.fetch(ServiceRecord.self, id: try context.parameters.require("id"), kind: "service")
            return JSONResponse(["service": ServiceView(record, base: service.base)])
        }
        router.get("v3/endpoints/:id") { _, context in
            try AccessPolicy.admin(context)
            let record = try await service.store.fetch(EndpointRecord.self, id: try context.parameters.require("id"), kind: "endpoint")
            return JSONResponse(["endpoint": EndpointView(record, base: service.base)])
        }
        router.get("v3/endpoints") { request, context in
            try AccessPolicy.admin(context)
            let endpoints = try await service.store.list(
                EndpointRecord.self, matching: request, filters: ["interface", "service_id", "region_id"], order: "service_id")
            return JSONResponse(
                Listing(key: "endpoints", items: endpoints.map { EndpointView($0, base: service.base) },
                        url: "\(service.base)/v3/endpoints"))
        }
        router.post("v3/endpoints") { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.EndpointBody.self, context: context, reader: .keystone)
            guard let serviceID = body.endpoint.service_id else { throw APIErrors.missing("endpoint.service_id") }
            guard let url = body.endpoint.url, !url.isEmpty else { throw APIErrors.missing("endpoint.url") }
            let interface = try Self.validInterface(body.endpoint.interface)
            let record = EndpointRecord(
                id: newIdentifier(), serviceID: serviceID, interface: interface,
                regionID: body.endpoint.region_id ?? body.endpoint.region, url: url, enabled: body.endpoint.enabled ?? true)
            try await service.store.write { db in
                guard try ServiceRecord.exists(db, key: serviceID) else { throw APIError.notFound(kind: "service", id: serviceID) }
                try record.insert(db)
            }
            return JSONResponse(["endpoint": EndpointView(record, base: service.base)], status: .created)
        }
        router.patch("v3/services/:id") { request, context in
            try AccessPolicy.admin(context)
            let fields = try await request.decodeJSON(
                as: Update<Requests.ServiceBody.Fields>.self, context: context, reader: .keystone
            ).fields
            let record = try await service.store.update(
                ServiceRecord.self, id: try context.parameters.require("id"), kind: "service", duplicate: "")
            { record in
                record.type = fields.type ?? record.type
                record.name = fields.name ?? record.name
                record.description = fields.description ?? record.description
                record.enabled = fields.enabled ?? record.enabled
            }
            return JSONResponse(["service": ServiceView(record, base: service.base)])
        }
        router.delete("v3/services/:id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            try await service.store.delete(ServiceRecord.self, id: id, kind: "service") { db in
                try EndpointRecord.filter(Column("service_id") == id).deleteAll(db)
            }
            return Response(status: .noContent)
        }
        router.patch("v3/endpoints/:id") { request, context in
            try AccessPolicy.admin(context)
            let fields = try await request.decodeJSON(
                as: Update<Requests.EndpointBody.Fields>.self, context: context, reader: .keystone
            ).fields
            if let interface = fields.interface { _ = try Self.validInterface(interface) }
            let record = try await service.store.update(
                EndpointRecord.self, id: try context.parameters.require("id"), kind: "endpoint", duplicate: "")
            { record in
                record.interface = fields.interface ?? record.interface
                record.url = fields.url ?? record.url
                record.regionID = fields.region_id ?? fields.region ?? record.regionID
                record.enabled = fields.enabled ?? record.enabled
            }
            return JSONResponse(["endpoint": EndpointView(record, base: service.base)])
        }
        router.delete("v3/endpoints/:id") { _, context in
            try AccessPolicy.admin(context)
            try await service.store.delete(EndpointRecord.self, id: try context.parameters.require("id"), kind: "endpoint")
            return Response(status: .noContent)
        }
    }

    static func validInterface(_ interface: String?) throws -> String {
        guard let interface, ["public", "internal", "admin"].contains(interface) else {
            throw APIErrors.invalid("endpoint.interface", "must be public, internal or admin")
        }
        return interface
    }
}
