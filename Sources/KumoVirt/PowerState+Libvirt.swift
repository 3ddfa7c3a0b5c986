import KumoLibvirt
import KumoRPC

extension PowerState {
    /// Nova's power state of a domain in `state`.
    init(_ state: LibvirtDomain.State) {
        switch state {
        case .running: self = .running
        case .paused: self = .paused
        case .shutoff: self = .shutdown
        case .crashed: self = .crashed
        case .suspended: self = .suspended
        case .other: self = .noState
        }
    }

    /// The power state a domain is in after `event`; nil for events that do not change it
    /// (defined, undefined, the guest's own shutdown before QEMU stops).
    init?(after event: DomainLifecycleEvent) {
        switch event.kind {
        case .started, .resumed: self = .running
        case .suspended, .pmsuspended: self = .paused
        case .crashed: self = .crashed
        case .stopped:
            switch event.stopReason {
            case .saved: self = .suspended
            case .crashed: self = .crashed
            default: self = .shutdown
            }
        case .defined, .undefined, .shutdown, .other: return nil
        }
    }
}
