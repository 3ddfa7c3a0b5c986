import Hummingbird
import KumoClient
import KumoCore
import KumoHTTP

/// `/limits` (a project's absolute limits and usage) and `/os-quota-sets` (admins set limits).
struct LimitsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        router.get("v2.1/limits") { request, context in
            let credentials = try AccessPolicy.authenticated(context)
            let project = try Self.project(request.uri.queryParameters["tenant_id"].map(String.init), credentials)
            let (limits, usage) = try await service.store.read { db in
                (try Quota.limits(db, projectID: project), try Quota.usage(db, projectID: project))
            }
            let groups = try await service.store.serverGroups(by: credentials, allProjects: false).count
            let absolute: [String: Int] = [
                "maxTotalInstances": limits["instances"]!, "maxTotalCores": limits["cores"]!,
                "maxTotalRAMSize": limits["ram"]!, "maxTotalKeypairs": limits["key_pairs"]!,
                "maxServerMeta": limits["metadata_items"]!, "maxServerGroups": limits["server_groups"]!,
                "maxServerGroupMembers": limits["server_group_members"]!, "maxPersonality": 5, "maxPersonalitySize": 10240,
                "maxImageMeta": 128, "totalInstancesUsed": usage["instances"]!, "totalCoresUsed": usage["cores"]!,
                "totalRAMUsed": usage["ram"]!, "totalServerGroupsUsed": groups,
            ]
            return JSONResponse(
                ["limits": ["rate": [], "absolute": .object(absolute.mapValues { .number(Double($0)) })]] as JSONValue)
        }
        let quotas = router.group("v2.1/os-quota-sets")
        quotas.get(":project/defaults") { _, context in
            try AccessPolicy.authenticated(context)
            return JSONResponse(["quota_set": Self.view(Quota.defaults, id: try context.parameters.require("project"))] as JSONValue)
        }
        quotas.get(":project") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let project = try Self.project(try context.parameters.require("project"), credentials)
            let limits = try await service.store.read { db in try Quota.limits(db, projectID: project) }
            return JSONResponse(["quota_set": Self.view(limits, id: project)] as JSONValue)
        }
        quotas.put(":project") { request, context in
            try AccessPolicy.admin(context)
            let project = try context.parameters.require("project")
            let body = try await request.decodeJSON(as: JSONValue.self, context: context)
            guard let set = body["quota_set"]?.object else { throw APIError.badRequest("A 'quota_set' object is required.") }
            var values: [String: Int] = [:]
            for (key, value) in set where key != "force" {
                guard let limit = value.int ?? value.string.flatMap({ Int($0) }) else {
                    throw APIError.badRequest("Quota \(key) must be an integer.")
                }
                values[key] = limit
            }
            let limits = try await service.store.write { [values] db in
                try Quota.set(db, projectID: project, values)
                return try Quota.limits(db, projectID: project)
            }
            return JSONResponse(["quota_set": Self.view(limits, id: nil)] as JSONValue)
        }
    }

    /// The project asked for: one's own, or any for an admin; 403 otherwise.
    static func project(_ asked: String?, _ credentials: Credentials) throws -> String {
        let own = credentials.projectID
        guard let project = asked ?? own else { throw APIError.forbidden("Limits belong to a project; scope the token to one.") }
        guard project == own || credentials.isAdmin else { throw APIError.forbidden() }
        return project
    }

    private static func view(_ limits: [String: Int], id: String?) -> JSONValue {
        var body = limits.mapValues { JSONValue.number(Double($0)) }
        if let id { body["id"] = .string(id) }
        return .object(body)
    }
}
