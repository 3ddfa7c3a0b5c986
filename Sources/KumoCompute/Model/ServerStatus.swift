import KumoRPC

/// The API's `status` of a server from its vm and task states, as nova/api/openstack/common.py maps them.
enum ServerStatus {
    static func of(_ vmState: VMState, _ taskState: TaskState) -> String {
        switch vmState {
        case .building: "BUILD"
        case .active:
            switch taskState {
            case .rebooting: "REBOOT"
            case .rebootingHard: "HARD_REBOOT"
            default: "ACTIVE"
            }
        case .paused: "PAUSED"
        case .suspended: "SUSPENDED"
        case .stopped: "SHUTOFF"
        case .error: "ERROR"
        case .deleted: "DELETED"
        }
    }

    /// The vm states a `status` filter of `GET /servers` selects; nil for an unknown status.
    static func vmStates(for status: String) -> [VMState]? {
        switch status.uppercased() {
        case "BUILD": [.building]
        case "ACTIVE", "REBOOT", "HARD_REBOOT": [.active]
        case "PAUSED": [.paused]
        case "SUSPENDED": [.suspended]
        case "SHUTOFF": [.stopped]
        case "ERROR": [.error]
        case "DELETED": [.deleted]
        default: nil
        }
    }
}
