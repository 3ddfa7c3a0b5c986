import KumoRPC

/// A server action of the API (`POST /servers/{id}/action`, `DELETE`), with the states it is allowed
/// in and the task state it starts, as nova/compute/api.py checks them.
struct ServerAction: Sendable {
    /// The action's name in `os-instance-actions`.
    var name: String
    var kind: ComputeAgentAPI.InstanceAction.Kind
    var allowedVMStates: [VMState]
    var taskState: TaskState

    static func of(_ kind: ComputeAgentAPI.InstanceAction.Kind) -> ServerAction {
        switch kind {
        case .start: ServerAction(name: "start", kind: kind, allowedVMStates: [.stopped], taskState: .poweringOn)
        case .stop:
            ServerAction(name: "stop", kind: kind, allowedVMStates: [.active, .paused, .suspended, .error], taskState: .poweringOff)
        case .rebootSoft: ServerAction(name: "reboot", kind: kind, allowedVMStates: [.active], taskState: .rebooting)
        case .rebootHard:
            ServerAction(
                name: "reboot", kind: kind, allowedVMStates: [.active, .stopped, .paused, .suspended, .error],
                taskState: .rebootingHard)
        case .pause: ServerAction(name: "pause", kind: kind, allowedVMStates: [.active], taskState: .pausing)
        case .unpause: ServerAction(name: "unpause", kind: kind, allowedVMStates: [.paused], taskState: .unpausing)
        case .suspend: ServerAction(name: "suspend", kind: kind, allowedVMStates: [.active], taskState: .suspending)
        case .resume: ServerAction(name: "resume", kind: kind, allowedVMStates: [.suspended], taskState: .resuming)
        case .delete: ServerAction(name: "delete", kind: kind, allowedVMStates: VMState.allCases, taskState: .deleting)
        }
    }
}
