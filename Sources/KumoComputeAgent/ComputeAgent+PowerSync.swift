import KumoBus
import KumoRPC
import KumoVirt
import Logging

extension ComputeAgent {
    /// Follows a lifecycle event of the hypervisor: when no operation runs on the instance, its state is
    /// read again from libvirt and, if it changed (a guest that powered off or crashed inside, or whose
    /// QEMU was killed), reported: such a guest becomes SHUTOFF.
    func sync(_ uuid: String) async {
        guard known[uuid] != nil, busy[uuid] == nil else { return }
        do {
            try await locked(uuid) {
                guard let entry = known[uuid], entry.taskState == .idle else { return }
                let power = await currentPowerState(uuid)
                let vmState = Self.vmState(for: power, current: entry.vmState)
                guard vmState != entry.vmState || power != entry.powerState else { return }
                logger.notice(
                    "guest changed state outside Kumo",
                    metadata: ["instance": "\(uuid)", "power_state": "\(power)", "vm_state": "\(vmState.rawValue)"])
                try await report(.init(uuid: uuid, vmState: vmState, powerState: power))
            }
        } catch {
            logger.warning("cannot report a guest's new state", metadata: ["instance": "\(uuid)", "error": "\(error)"])
        }
    }

    /// The vm state a guest in `power` has, coming from `current`: a managed-saved guest stays suspended,
    /// a stopped one is SHUTOFF, an instance in ERROR stays there unless its guest runs.
    static func vmState(for power: PowerState, current: VMState) -> VMState {
        switch power {
        case .running: return current == .building ? .building : .active
        case .paused: return .paused
        case .suspended: return .suspended
        case .shutdown, .crashed:
            return [.suspended, .error, .building].contains(current) ? current : .stopped
        case .noState: return current
        }
    }
}
