import Foundation
import Hummingbird
import KumoBus
import KumoClient
import KumoCore
import KumoHTTP
import KumoRPC
import KumoScheduler
import Logging

/// `/servers`: create, list, show, rename and delete servers.
struct ServersController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let servers = router.group("v2.1/servers")
        servers.post { request, context in try await create(request, context) }
        servers.get { request, context in try await list(request, context, detailed: false) }
        servers.get("detail") { request, context in try await list(request, context, detailed: true) }
        servers.get(":id") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let instance = try await service.store.instance(try context.parameters.require("id"), .read, by: credentials)
            return JSONResponse(["server": view.detail(instance, for: credentials)] as JSONValue)
        }
        servers.put(":id") { request, context in try await rename(request, context) }
        servers.delete(":id") { _, context in try await delete(try context.parameters.require("id"), context) }
        servers.get(":id/ips") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            _ = try await service.store.instance(try context.parameters.require("id"), .read, by: credentials)
            return JSONResponse(["addresses": [:]] as JSONValue)
        }
    }

    private var view: ServerView { ServerView(links: service.links) }

    /// `POST /servers`: checks flavor, image, key pair, group, zone and quota, stores the instances
    /// (BUILD) and hands each to the scheduler.
    private func create(_ request: Request, _ context: KumoRequestContext) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        guard let project = credentials.projectID else {
            throw APIError.forbidden("Creating a server needs a token scoped to a project.")
        }
        try AccessPolicy.project(project, .write, context)
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        let wanted = try ServerCreateRequest(body, maxCount: service.settings.maxInstancesPerRequest)
        let plan = try await ServerBuildPlan.make(
            wanted, credentials: credentials, token: request.headers[.authToken] ?? "", service: service)
        let records = try await plan.store(in: service.store, requestID: context.requestID)
        for record in records {
            let schedule = SchedulerAPI.ScheduleRequest(instance: record.spec.value, requestID: context.requestID)
            do {
                try await service.bus.cast(
                    SchedulerAPI.scheduleInstance, schedule, topic: SchedulerAPI.topic, context: context.operationContext)
            } catch {
                service.logger.error("cannot reach the scheduler", metadata: ["instance": "\(record.uuid)", "error": "\(error)"])
                try await service.store.fail(
                    record.uuid, fault: InstanceFault(code: 500, message: "The scheduler could not be reached: \(error)", created: Date()),
                    event: nil)
            }
        }
        let first = records[0]
        if wanted.returnReservationID {
            return JSONResponse(["reservation_id": .string(first.reservationID)], status: .accepted)
        }
        return JSONResponse(
            [
                "server": [
                    "id": .string(first.uuid), "links": service.links.links("servers", first.uuid),
                    "OS-DCF:diskConfig": "MANUAL", "security_groups": [["name": "default"]],
                    "adminPass": .string(Self.randomPassword()),
                ]
            ], status: .accepted, headers: [.location: "\(service.settings.publicURL)/v2.1/servers/\(first.uuid)"])
    }

    private func list(_ request: Request, _ context: KumoRequestContext, detailed: Bool) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let query = try ServerQuery(
            parameters: Dictionary(parameters, uniquingKeysWith: { $1 }), credentials: credentials)
        let instances = try await service.store.instances(query)
        var body: [String: JSONValue] = [
            "servers": .array(instances.map { detailed ? view.detail($0, for: credentials) : view.summary($0) })
        ]
        body.merge(
            service.links.next(
                "servers", path: detailed ? "servers/detail" : "servers", query: parameters, page: instances.count,
                limit: query.limit, lastID: instances.last?.uuid)
        ) { $1 }
        return JSONResponse(.object(body))
    }

    /// `PUT /servers/{id}`: only the name changes here.
    private func rename(_ request: Request, _ context: KumoRequestContext) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        guard let server = body["server"]?.object else {
            throw APIError.badRequest("Invalid input for field/attribute server: a 'server' object is required.")
        }
        if let unknown = server.keys.first(where: { $0 != "name" }) {
            throw APIError.badRequest("Additional properties are not allowed ('\(unknown)' was unexpected)")
        }
        var instance = try await service.store.instance(try context.parameters.require("id"), .write, by: credentials)
        if let name = server["name"] {
            guard let text = name.string, (1...255).contains(text.count) else {
                throw APIError.badRequest("Invalid input for field/attribute name: 1 to 255 characters.")
            }
            instance = try await service.store.rename(instance.uuid, to: text, by: credentials)
        }
        return JSONResponse(["server": view.detail(instance, for: credentials)] as JSONValue)
    }

    /// `DELETE /servers/{id}`: the host's agent removes the guest and reports it deleted; a server on no
    /// host, or whose host's agent is not listening, is deleted here (the agent removes a leftover
    /// guest when it starts).
    private func delete(_ id: String, _ context: KumoRequestContext) async throws -> Response {
        let credentials = try AccessPolicy.authenticated(context)
        let instance = try await service.store.begin(
            .of(.delete), on: id, by: credentials, requestID: context.requestID)
        if let host = instance.host {
            do {
                try await service.bus.cast(
                    ComputeAgentAPI.instanceAction,
                    .init(uuid: instance.uuid, kind: .delete, requestID: context.requestID),
                    topic: ComputeAgentAPI.topic(host: host), context: context.operationContext)
                return Response(status: .noContent)
            } catch BusError.noRoute {
                service.logger.warning("deleting a server whose host does not listen", metadata: ["instance": "\(instance.uuid)", "host": "\(host)"])
            }
        }
        try await service.store.markDeleted(instance.uuid)
        try await service.placement.release(consumer: instance.uuid)
        return Response(status: .noContent)
    }

    private static func randomPassword() -> String {
        let letters = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<12).map { _ in letters.randomElement()! })
    }
}
