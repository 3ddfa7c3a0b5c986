import GRDB
import Hummingbird
import KumoCore
import KumoHTTP

/// `/v3/regions`: anyone authenticated reads them, admin manages them. A region still used by an
/// endpoint or a child region cannot be deleted.
struct RegionsController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let group = router.group("v3/regions")
        group.get { _, context in
            try AccessPolicy.authenticated(context)
            let regions = try await service.store.read { db in try RegionRecord.order(Column("id")).fetchAll(db) }
            return JSONResponse(
                Listing(key: "regions", items: regions.map { RegionView($0, base: service.base) },
                        url: "\(service.base)/v3/regions"))
        }
        group.get(":id") { _, context in
            try AccessPolicy.authenticated(context)
            let record = try await service.store.fetch(RegionRecord.self, id: try context.parameters.require("id"), kind: "region")
            return JSONResponse(["region": RegionView(record, base: service.base)])
        }
        group.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.RegionBody.self, context: context, reader: .keystone)
            if let id = body.region.id { _ = try validName(id, of: "region") }
            let record = RegionRecord(
                id: body.region.id ?? newIdentifier(), description: body.region.description ?? "",
                parentRegionID: body.region.parent_region_id)
            try await service.store.write { db in
                if let parent = record.parentRegionID, try !RegionRecord.exists(db, key: parent) {
                    throw APIError.notFound(kind: "region", id: parent)
                }
                try APIErrors.conflictOnDuplicate("Conflict occurred attempting to store region - duplicate ID \(record.id).") {
                    try record.insert(db)
                }
            }
            return JSONResponse(["region": RegionView(record, base: service.base)], status: .created)
        }
        group.patch(":id") { request, context in
            try AccessPolicy.admin(context)
            let fields = try await request.decodeJSON(
                as: Update<Requests.RegionBody.Fields>.self, context: context, reader: .keystone
            ).fields
            let record = try await service.store.update(
                RegionRecord.self, id: try context.parameters.require("id"), kind: "region", duplicate: "")
            { record in
                record.description = fields.description ?? record.description
            }
            return JSONResponse(["region": RegionView(record, base: service.base)])
        }
        group.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            try await service.store.delete(RegionRecord.self, id: id, kind: "region") { db in
                let endpoints = try EndpointRecord.filter(Column("region_id") == id).fetchCount(db)
                let children = try RegionRecord.filter(Column("parent_region_id") == id).fetchCount(db)
                guard endpoints == 0, children == 0 else {
                    throw APIError.conflict(
                        "Region \(id) is still used by \(endpoints) endpoint(s) and \(children) child region(s).")
                }
            }
            return Response(status: .noContent)
        }
    }
}
