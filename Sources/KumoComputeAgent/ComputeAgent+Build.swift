import KumoBus
import KumoRPC
import KumoVirt
import Logging

extension ComputeAgent {
    /// Builds and starts a guest the scheduler placed here. On failure everything made for it is removed
    /// and the conductor is told, so it can retry on another host.
    func build(_ request: ComputeAgentAPI.BuildInstance) async throws {
        let spec = request.instance
        let uuid = spec.uuid
        let event = ConductorAPI.ActionEvent(requestID: request.requestID, name: "compute_build_and_run_instance", host: host)
        try await locked(uuid) {
            known[uuid] = Known(instance: spec, vmState: .building, taskState: .scheduling, powerState: .noState)
            do {
                try await report(
                    .init(uuid: uuid, host: host, vmState: .building, taskState: .spawning, expectedTaskStates: [.scheduling], event: event))
            } catch {
                known[uuid] = nil
                logger.warning("not building an instance the conductor refused", metadata: ["instance": "\(uuid)", "error": "\(error)"])
                return
            }
            do {
                let base = try await driver.imageCache.baseImage(for: spec.image) { destination in
                    try await images.download(spec.image.id, to: destination)
                }
                try await driver.spawn(spec, baseImage: base)
            } catch {
                logger.error("build failed", metadata: ["instance": "\(uuid)", "error": "\(error)"])
                try? await driver.destroy(uuid)
                known[uuid] = nil
                try await bus.cast(
                    ConductorAPI.buildFailed,
                    .init(
                        instance: spec, requestID: request.requestID, attempt: request.attempt,
                        triedHosts: request.triedHosts + [host], message: "Build of instance \(uuid) failed on host \(host): \(error)",
                        retryable: true),
                    topic: ConductorAPI.topic)
                return
            }
            do {
                var finished = event
                finished.result = .success
                try await report(
                    .init(uuid: uuid, vmState: .active, taskState: .idle, powerState: await currentPowerState(uuid), event: finished))
            } catch {
                logger.warning("removing a guest built for an instance that is gone", metadata: ["instance": "\(uuid)", "error": "\(error)"])
                try? await driver.destroy(uuid)
                known[uuid] = nil
            }
        }
    }
}
