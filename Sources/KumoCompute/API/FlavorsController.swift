import Foundation
import Hummingbird
import KumoClient
import KumoCore
import KumoHTTP

/// `/flavors`: everyone lists and shows public flavors; admins create and delete them and set extra specs.
struct FlavorsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let flavors = router.group("v2.1/flavors")
        flavors.get { request, context in try await list(request, context, detailed: false) }
        flavors.get("detail") { request, context in try await list(request, context, detailed: true) }
        flavors.get(":id") { _, context in
            try AccessPolicy.authenticated(context)
            return JSONResponse(["flavor": view(try await service.store.flavor(try context.parameters.require("id")))] as JSONValue)
        }
        flavors.post { request, context in
            try AccessPolicy.admin(context)
            let flavor = try FlavorCreateRequest(try await request.decodeJSON(as: JSONValue.self, context: context)).flavor
            try await service.store.insert(flavor)
            return JSONResponse(["flavor": view(flavor)] as JSONValue)
        }
        flavors.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            try await service.store.deleteFlavor(try context.parameters.require("id"))
            return Response(status: .accepted)
        }
        let specs = flavors.group(":id/os-extra_specs")
        specs.get { _, context in
            try AccessPolicy.authenticated(context)
            let flavor = try await service.store.flavor(try context.parameters.require("id"))
            return JSONResponse(["extra_specs": .object(flavor.extraSpecs.mapValues(JSONValue.string))] as JSONValue)
        }
        specs.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: JSONValue.self, context: context)
            let all = try await service.store.setExtraSpecs(try context.parameters.require("id"), try Self.specs(body["extra_specs"]))
            return JSONResponse(["extra_specs": .object(all.mapValues(JSONValue.string))] as JSONValue)
        }
        specs.get(":key") { _, context in
            try AccessPolicy.authenticated(context)
            let id = try context.parameters.require("id")
            let key = try context.parameters.require("key")
            guard let value = try await service.store.flavor(id).extraSpecs[key] else {
                throw APIError.notFound("Flavor \(id) has no extra specs with key \(key).")
            }
            return JSONResponse([key: .string(value)] as JSONValue)
        }
        specs.put(":key") { request, context in
            try AccessPolicy.admin(context)
            let key = try context.parameters.require("key")
            let body = try await request.decodeJSON(as: JSONValue.self, context: context)
            let specs = try Self.specs(body)
            guard specs.count == 1, let value = specs[key] else {
                throw APIError.badRequest("The body must hold exactly the key of the URL, \(key).")
            }
            _ = try await service.store.setExtraSpecs(try context.parameters.require("id"), specs)
            return JSONResponse([key: .string(value)] as JSONValue)
        }
        specs.delete(":key") { _, context in
            try AccessPolicy.admin(context)
            try await service.store.deleteExtraSpec(try context.parameters.require("id"), key: try context.parameters.require("key"))
            return Response(status: .ok)
        }
    }

    private func list(_ request: Request, _ context: KumoRequestContext, detailed: Bool) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        let query = request.uri.queryParameters
        func number(_ key: String) throws -> Int? {
            guard let text = query[key[...]] else { return nil }
            guard let value = Int(text), value >= 0 else { throw APIError.badRequest("Invalid \(key) filter [\(text)]") }
            return value
        }
        let isPublic = query["is_public"].map { $0.lowercased() }
        let includePrivate = credentials.isAdmin && (isPublic == "none" || isPublic == "false")
        let limit = min(try number("limit") ?? 1000, 1000)
        let flavors = try await service.store.flavors(
            includePrivate: includePrivate, minRAM: try number("minRam") ?? 0, minDisk: try number("minDisk") ?? 0,
            marker: query["marker"].map(String.init), limit: limit)
        var body: [String: JSONValue] = [
            "flavors": .array(flavors.map { detailed ? view($0) : summary($0) })
        ]
        body.merge(
            service.links.next(
                "flavors", path: detailed ? "flavors/detail" : "flavors",
                query: query.map { (String($0.key), String($0.value)) }, page: flavors.count, limit: limit,
                lastID: flavors.last?.record.id)
        ) { $1 }
        return JSONResponse(.object(body))
    }

    private func summary(_ flavor: Flavor) -> JSONValue {
        [
            "id": .string(flavor.record.id), "name": .string(flavor.record.name),
            "links": service.links.links("flavors", flavor.record.id),
        ]
    }

    private func view(_ flavor: Flavor) -> JSONValue {
        let record = flavor.record
        return [
            "id": .string(record.id), "name": .string(record.name), "ram": .number(Double(record.memoryMB)),
            "disk": .number(Double(record.rootGB)), "vcpus": .number(Double(record.vcpus)),
            "OS-FLV-EXT-DATA:ephemeral": .number(Double(record.ephemeralGB)),
            "OS-FLV-DISABLED:disabled": false, "swap": record.swapMB == 0 ? "" : .number(Double(record.swapMB)),
            "rxtx_factor": .number(record.rxtxFactor), "os-flavor-access:is_public": .bool(record.isPublic),
            "links": service.links.links("flavors", record.id),
        ]
    }

    /// `{"key": "value", …}` with string values only.
    static func specs(_ value: JSONValue?) throws -> [String: String] {
        guard let object = value?.object else { throw APIError.badRequest("extra_specs must be an object.") }
        return try object.mapValues { value in
            guard let text = value.string ?? value.int.map(String.init) ?? value.bool.map({ $0 ? "true" : "false" }) else {
                throw APIError.badRequest("extra_specs values must be strings.")
            }
            return text
        }
    }
}
