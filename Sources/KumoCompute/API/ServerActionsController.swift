import Foundation
import Hummingbird
import KumoBus
import KumoClient
import KumoCore
import KumoHTTP
import KumoRPC

/// `POST /servers/{id}/action`: power actions, handed to the host's compute agent, and the console log.
struct ServerActionsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        router.post("v2.1/servers/:id/action") { request, context in
            let body = try await request.decodeJSON(as: JSONValue.self, context: context)
            guard let object = body.object, object.count == 1, let (name, argument) = object.first else {
                throw APIError.badRequest("The action body must hold exactly one action.")
            }
            let id = try context.parameters.require("id")
            if name == "os-getConsoleOutput" {
                return try JSONResponse(try await consoleOutput(id, argument, context)).response(from: request, context: context)
            }
            try await perform(try Self.kind(name, argument), on: id, context)
            return Response(status: .accepted)
        }
    }

    /// The agent action an API action names; 400 for an unknown one or a bad reboot type.
    static func kind(_ name: String, _ argument: JSONValue) throws -> ComputeAgentAPI.InstanceAction.Kind {
        switch name {
        case "os-start": return .start
        case "os-stop": return .stop
        case "pause": return .pause
        case "unpause": return .unpause
        case "suspend": return .suspend
        case "resume": return .resume
        case "reboot":
            switch argument["type"]?.string?.uppercased() {
            case "SOFT": return .rebootSoft
            case "HARD": return .rebootHard
            default: throw APIError.badRequest("Invalid input for field/attribute type: reboot type must be SOFT or HARD.")
            }
        default: throw APIError.badRequest("There is no such action: \(name)")
        }
    }

    /// Checks the state, sets the task state and casts the action to the host's agent; a host whose agent
    /// does not listen gives 409 and leaves the server as it was.
    private func perform(_ kind: ComputeAgentAPI.InstanceAction.Kind, on id: String, _ context: KumoRequestContext) async throws {
        let credentials = try AccessPolicy.authenticated(context)
        let action = ServerAction.of(kind)
        let instance = try await service.store.begin(action, on: id, by: credentials, requestID: context.requestID)
        guard let host = instance.host else {
            try await undo(action, instance)
            throw APIError.conflict("Cannot '\(action.name)' instance \(id): it is on no host.")
        }
        do {
            try await service.bus.cast(
                ComputeAgentAPI.instanceAction, .init(uuid: instance.uuid, kind: kind, requestID: context.requestID),
                topic: ComputeAgentAPI.topic(host: host), context: context.operationContext)
        } catch BusError.noRoute {
            try await undo(action, instance)
            throw APIError.conflict("Cannot '\(action.name)' instance \(id): the compute service of host \(host) is down.")
        }
    }

    private func undo(_ action: ServerAction, _ instance: InstanceRecord) async throws {
        _ = try? await service.store.apply(
            .init(uuid: instance.uuid, taskState: .idle, expectedTaskStates: [action.taskState]))
    }

    /// `os-getConsoleOutput`: the last `length` lines (all without it) of the serial console, from the agent.
    private func consoleOutput(_ id: String, _ argument: JSONValue, _ context: KumoRequestContext) async throws -> JSONValue {
        let credentials = try AccessPolicy.authenticated(context)
        var length: Int?
        if let value = argument["length"], value != .null {
            guard let lines = value.int ?? value.string.flatMap({ Int($0) }), lines >= -1 else {
                throw APIError.badRequest("Invalid input for field/attribute length: an integer of -1 or more.")
            }
            length = lines < 0 ? nil : lines
        }
        let instance = try await service.store.instance(id, .read, by: credentials)
        guard let host = instance.host, [.active, .paused, .suspended, .stopped].contains(instance.vmState) else {
            throw APIError.conflict("Cannot 'get console output' of instance \(id) while it is in vm_state \(instance.vmState.rawValue)")
        }
        do {
            let output = try await service.bus.call(
                ComputeAgentAPI.consoleOutput, .init(uuid: instance.uuid, length: length),
                topic: ComputeAgentAPI.topic(host: host), context: context.operationContext, timeout: .seconds(10))
            return ["output": .string(output.output)]
        } catch let error as BusError {
            throw APIError(.conflict, "The console of instance \(id) cannot be read: \(error)")
        }
    }
}
