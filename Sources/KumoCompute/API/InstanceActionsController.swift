import Hummingbird
import KumoClient
import KumoCore
import KumoHTTP

/// `/servers/{id}/os-instance-actions`: what was asked of a server, and the steps each request went through.
struct InstanceActionsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let actions = router.group("v2.1/servers/:id/os-instance-actions")
        actions.get { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let details = try await service.store.actions(of: try context.parameters.require("id"), by: credentials)
            return JSONResponse(["instanceActions": .array(details.map { Self.view($0, events: nil) })] as JSONValue)
        }
        actions.get(":request") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let detail = try await service.store.action(
                of: try context.parameters.require("id"), requestID: try context.parameters.require("request"), by: credentials)
            return JSONResponse(["instanceAction": Self.view(detail, events: credentials.isAdmin)] as JSONValue)
        }
    }

    /// An action; with `events` (whether to show tracebacks) its events too.
    static func view(_ detail: InstanceActionDetail, events showTraceback: Bool?) -> JSONValue {
        let action = detail.action
        var body: [String: JSONValue] = [
            "action": .string(action.action), "instance_uuid": .string(action.instanceUUID),
            "message": action.message.map(JSONValue.string) ?? .null, "project_id": .string(action.projectID),
            "request_id": .string(action.requestID), "start_time": .string(ComputeDates.micro(action.startTime)),
            "user_id": .string(action.userID),
        ]
        if let showTraceback {
            body["events"] = .array(
                detail.events.map { event in
                    var rendered: [String: JSONValue] = [
                        "event": .string(event.event), "start_time": .string(ComputeDates.micro(event.startTime)),
                        "finish_time": event.finishTime.map { .string(ComputeDates.micro($0)) } ?? .null,
                        "result": event.result.map(JSONValue.string) ?? .null,
                    ]
                    if showTraceback { rendered["traceback"] = event.details.map(JSONValue.string) ?? .null }
                    return .object(rendered)
                })
        }
        return .object(body)
    }
}
