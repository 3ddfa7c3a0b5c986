import Foundation
import Hummingbird
import KumoClient
import KumoCore
import KumoHTTP
import KumoRPC

/// `/os-server-groups`: groups of servers the scheduler keeps on one host (affinity) or apart (anti-affinity).
struct ServerGroupsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let groups = router.group("v2.1/os-server-groups")
        groups.get { request, context in
            let credentials = try AccessPolicy.authenticated(context)
            let all = request.uri.queryParameters["all_projects"].map { $0 == "true" || $0 == "True" || $0 == "1" } ?? false
            var views: [JSONValue] = []
            for group in try await service.store.serverGroups(by: credentials, allProjects: all) {
                views.append(try await view(group))
            }
            return JSONResponse(["server_groups": .array(views)] as JSONValue)
        }
        groups.get(":id") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let group = try await service.store.serverGroup(try context.parameters.require("id"), by: credentials)
            return JSONResponse(["server_group": try await view(group)] as JSONValue)
        }
        groups.post { request, context in
            let credentials = try AccessPolicy.authenticated(context)
            guard let project = credentials.projectID else { throw APIError.forbidden("Server groups belong to a project.") }
            try AccessPolicy.project(project, .write, context)
            let body = try await request.decodeJSON(as: JSONValue.self, context: context)
            guard let object = body["server_group"]?.object, let name = object["name"]?.string, (1...255).contains(name.count)
            else { throw APIError.badRequest("Invalid input for field/attribute server_group: a name of 1 to 255 characters is required.") }
            guard let policies = object["policies"]?.array, policies.count == 1, let text = policies[0].string,
                let policy = ServerGroupSpec.Policy(rawValue: text)
            else {
                throw APIError.badRequest(
                    "Invalid input for field/attribute policies: exactly one of affinity, anti-affinity, soft-affinity, soft-anti-affinity.")
            }
            let group = ServerGroupRecord(
                id: UUID().uuidString.lowercased(), name: name, policy: policy, projectID: project,
                userID: credentials.userID, createdAt: Date())
            try await service.store.insert(group)
            return JSONResponse(["server_group": try await view(group)] as JSONValue)
        }
        groups.delete(":id") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            try await service.store.deleteServerGroup(try context.parameters.require("id"), by: credentials)
            return Response(status: .noContent)
        }
    }

    private func view(_ group: ServerGroupRecord) async throws -> JSONValue {
        [
            "id": .string(group.id), "name": .string(group.name), "policies": [.string(group.policy.rawValue)],
            "members": .array(try await service.store.members(ofGroup: group.id).map(JSONValue.string)),
            "metadata": [:], "project_id": .string(group.projectID), "user_id": .string(group.userID),
        ]
    }
}
