import Foundation
import KumoBus
import KumoRPC
import KumoVirt
import Logging

/// The compute agent of one host (nova-compute): builds, powers and removes its guests through the
/// libvirt driver, and tells the conductor every state change. It keeps its own copy of the states of
/// the instances on its host, which it changes only together with the conductor.
actor ComputeAgent {
    /// What the agent knows of an instance on its host.
    struct Known: Sendable {
        var instance: InstanceSpec
        var vmState: VMState
        var taskState: TaskState
        var powerState: PowerState
    }

    let host: String
    let driver: LibvirtDriver
    let bus: Bus
    let images: ImageDownloader
    let logger: Logger
    var known: [String: Known] = [:]
    /// Operations waiting for the one running on an instance (see `locked`).
    var busy: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(host: String, driver: LibvirtDriver, bus: Bus, images: ImageDownloader, logger: Logger) {
        self.host = host
        self.driver = driver
        self.bus = bus
        self.images = images
        self.logger = logger
    }

    /// The handlers of topic `compute.<host>`.
    nonisolated var dispatcher: RPCDispatcher {
        var dispatcher = RPCDispatcher()
        dispatcher.register(ComputeAgentAPI.buildInstance) { request, _ in
            try await self.build(request)
            return Empty()
        }
        dispatcher.register(ComputeAgentAPI.instanceAction) { request, _ in
            try await self.perform(request)
            return Empty()
        }
        dispatcher.register(ComputeAgentAPI.consoleOutput) { request, _ in
            guard await self.known[request.uuid] != nil else {
                throw RemoteError(kind: "InstanceNotFound", statusCode: 404, publicMessage: "Instance \(request.uuid) is not on host \(self.host).")
            }
            return .init(output: try await self.driver.consoleOutput(request.uuid, lines: request.length))
        }
        return dispatcher
    }

    /// Tells the conductor of a change and, once it took it, remembers it.
    /// - Throws: when the conductor refused it (the instance is gone) or could not be reached.
    func report(_ update: ConductorAPI.InstanceUpdate) async throws {
        try await bus.call(ConductorAPI.instanceUpdate, update, topic: ConductorAPI.topic)
        if update.deleted {
            known[update.uuid] = nil
            return
        }
        guard var entry = known[update.uuid] else { return }
        if let vmState = update.vmState { entry.vmState = vmState }
        if let taskState = update.taskState { entry.taskState = taskState }
        if let powerState = update.powerState { entry.powerState = powerState }
        known[update.uuid] = entry
    }

    /// The hypervisor's state of `uuid`, `.noState` when it has no domain.
    func currentPowerState(_ uuid: String) async -> PowerState {
        (try? await driver.powerState(uuid)) ?? nil ?? .noState
    }
}
