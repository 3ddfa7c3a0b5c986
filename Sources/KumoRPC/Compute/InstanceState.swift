/// An instance's state as Nova names it: the stable `vm_state`, the transition in progress
/// (`task_state`) and what the hypervisor reports (`power_state`).
public enum VMState: String, Codable, Sendable, CaseIterable {
    case building, active, paused, suspended, stopped, error, deleted
}

/// The operation in progress on an instance; `idle` when there is none (null on the API).
public enum TaskState: String, Codable, Sendable, CaseIterable {
    case idle = "none"
    case scheduling, networking, spawning
    case pausing, unpausing, suspending, resuming
    case poweringOff = "powering-off"
    case poweringOn = "powering-on"
    case rebooting
    case rebootingHard = "rebooting_hard"
    case deleting
}

/// What the hypervisor says of a guest, with Nova's numeric codes (`OS-EXT-STS:power_state`).
public enum PowerState: Int, Codable, Sendable, CaseIterable {
    case noState = 0
    case running = 1
    case paused = 3
    case shutdown = 4
    case crashed = 6
    case suspended = 7
}
