import KumoBus
import KumoRPC
import KumoVirt
import Logging

extension ComputeAgent {
    /// Runs a power action or a deletion compute-api accepted (it already set the task state), then
    /// reports the new state; on failure the task state is cleared and the event says why.
    func perform(_ request: ComputeAgentAPI.InstanceAction) async throws {
        let uuid = request.uuid
        let action = Self.actions[request.kind]!
        var event = ConductorAPI.ActionEvent(requestID: request.requestID, name: action.event, host: host)
        try await locked(uuid) {
            try? await report(.init(uuid: uuid, event: event))
            do {
                try await run(request.kind, uuid)
            } catch {
                logger.error("instance action failed", metadata: ["instance": "\(uuid)", "action": "\(request.kind)", "error": "\(error)"])
                event.result = .error
                event.details = "\(error)"
                try? await report(.init(uuid: uuid, taskState: .idle, powerState: await currentPowerState(uuid), event: event))
                return
            }
            event.result = .success
            if request.kind == .delete {
                try await report(.init(uuid: uuid, deleted: true, event: event))
            } else {
                try await report(
                    .init(uuid: uuid, vmState: action.vmState, taskState: .idle, powerState: await currentPowerState(uuid), event: event))
            }
        }
    }

    private func run(_ kind: ComputeAgentAPI.InstanceAction.Kind, _ uuid: String) async throws {
        switch kind {
        case .start: try await driver.start(uuid)
        case .stop: try await driver.stop(uuid, timeout: .seconds(60))
        case .rebootSoft: try await driver.reboot(uuid, hard: false)
        case .rebootHard: try await driver.reboot(uuid, hard: true)
        case .pause: try await driver.pause(uuid)
        case .unpause: try await driver.unpause(uuid)
        case .suspend: try await driver.suspend(uuid)
        case .resume: try await driver.resume(uuid)
        case .delete: try await driver.destroy(uuid)
        }
    }

    /// Each action's event name (as Nova's) and the vm state it leaves the instance in.
    static let actions: [ComputeAgentAPI.InstanceAction.Kind: (event: String, vmState: VMState)] = [
        .start: ("compute_start_instance", .active), .stop: ("compute_stop_instance", .stopped),
        .rebootSoft: ("compute_reboot_instance", .active), .rebootHard: ("compute_reboot_instance", .active),
        .pause: ("compute_pause_instance", .paused), .unpause: ("compute_unpause_instance", .active),
        .suspend: ("compute_suspend_instance", .suspended), .resume: ("compute_resume_instance", .active),
        .delete: ("compute_terminate_instance", .deleted),
    ]
}
