import KumoBus
import KumoRPC
import KumoVirt
import Logging

extension ComputeAgent {
    /// Run once at start: compares the instances the cloud places on this host with the guests libvirt
    /// has, and mends each difference, logging it. A guest no instance owns is removed; an instance
    /// whose guest is missing, or whose build was cut short, goes to ERROR with a fault that says so; an
    /// interrupted deletion is finished; every other instance takes the state its guest is in.
    func reconcile() async throws {
        let expected = try await bus.call(ConductorAPI.hostInstances, .init(host: host), topic: ConductorAPI.topic).instances
        let guests = try await driver.instances()
        for entry in expected {
            known[entry.instance.uuid] = Known(
                instance: entry.instance, vmState: entry.vmState, taskState: entry.taskState, powerState: entry.powerState)
        }
        for uuid in guests.keys where known[uuid] == nil {
            logger.warning("reconcile: removing a guest that no instance owns", metadata: ["instance": "\(uuid)"])
            try? await driver.destroy(uuid)
        }
        for entry in expected {
            try await reconcile(entry, power: guests[entry.instance.uuid])
        }
        logger.info("reconciled", metadata: ["instances": "\(expected.count)", "guests": "\(guests.count)"])
    }

    private func reconcile(_ entry: ConductorAPI.HostInstance, power: PowerState?) async throws {
        let uuid = entry.instance.uuid
        if entry.taskState == .deleting {
            logger.notice("reconcile: finishing an interrupted deletion", metadata: ["instance": "\(uuid)"])
            try await driver.destroy(uuid)
            try await report(.init(uuid: uuid, deleted: true))
            return
        }
        let message: String
        switch (entry.vmState, power) {
        case (.building, _) where entry.taskState == .scheduling:
            known[uuid] = nil  // placed here, its build request waits in this host's queue
            return
        case (.building, _):
            message = "The build of instance \(uuid) was cut short when the compute agent of host \(host) stopped."
            try? await driver.destroy(uuid)
        case (.error, nil):
            return
        case (_, nil):
            message = "The guest of instance \(uuid) is missing on host \(host) (found when its compute agent started)."
        case (_, let power?):
            let vmState = Self.vmState(for: power, current: entry.vmState)
            guard vmState != entry.vmState || power != entry.powerState || entry.taskState != .idle else { return }
            logger.notice(
                "reconcile: taking the guest's state",
                metadata: ["instance": "\(uuid)", "vm_state": "\(vmState.rawValue)", "power_state": "\(power)"])
            try await report(.init(uuid: uuid, vmState: vmState, taskState: .idle, powerState: power))
            return
        }
        logger.warning("reconcile: instance goes to ERROR", metadata: ["instance": "\(uuid)", "reason": "\(message)"])
        known[uuid] = nil
        try await bus.call(
            ConductorAPI.buildFailed,
            .init(instance: entry.instance, requestID: "", attempt: 1, triedHosts: [host], message: message, retryable: false),
            topic: ConductorAPI.topic)
    }
}
