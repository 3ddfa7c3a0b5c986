import KumoBus
import KumoCore
import KumoRPC
import KumoRuntime
import Logging
import ServiceLifecycle

/// The scheduler (`kumod scheduler`): serves `SchedulerAPI.topic`, placing each instance and handing it
/// to the chosen host's compute agent, or telling the conductor why no host fits.
public enum SchedulerServices {
    public static let binary = "kumo-scheduler"

    public static func make(_ environment: ServiceEnvironment) throws -> [any Service] {
        let store = try PlacementStore(path: PlacementStore.path(stateDirectory: environment.settings.stateDirectory))
        let scheduler = Scheduler(store: store, settings: try SchedulerSettings(environment.settings))
        let bus = environment.bus
        let logger = environment.logger
        var dispatcher = RPCDispatcher()
        dispatcher.register(SchedulerAPI.scheduleInstance) { request, context in
            try await schedule(request, context: context, scheduler: scheduler, bus: bus, logger: logger)
            return Empty()
        }
        return [
            RPCServer(bus: bus, binding: .topic(SchedulerAPI.topic), dispatcher: dispatcher, logger: logger),
            HeartbeatReporter(environment: environment, binary: binary, topic: SchedulerAPI.topic),
        ]
    }

    /// Places one instance and casts the outcome: the build to the host and the host to the conductor, or
    /// the build failure to the conductor.
    static func schedule(
        _ request: SchedulerAPI.ScheduleRequest, context: OperationContext, scheduler: Scheduler, bus: Bus,
        logger: Logger
    ) async throws {
        let instance = request.instance
        let host: String
        switch try await scheduler.place(request) {
        case .host(let chosen): host = chosen
        case .noValidHost(let noValidHost):
            logger.info(
                "no valid host", metadata: ["instance.id": "\(instance.uuid)", "reason": "\(noValidHost.message)"])
            try await bus.cast(
                ConductorAPI.buildFailed,
                ConductorAPI.BuildFailure(
                    instance: instance, requestID: request.requestID, attempt: request.attempt,
                    triedHosts: request.ignoreHosts, message: noValidHost.message, retryable: false),
                topic: ConductorAPI.topic, context: context)
            return
        }
        do {
            try await bus.cast(
                ComputeAgentAPI.buildInstance,
                ComputeAgentAPI.BuildInstance(
                    instance: instance, requestID: request.requestID, attempt: request.attempt,
                    triedHosts: request.ignoreHosts),
                topic: ComputeAgentAPI.topic(host: host), context: context)
        } catch {
            // The host's agent cannot be reached: give the room back and let the conductor retry elsewhere.
            try await scheduler.release(consumer: instance.uuid)
            try await bus.cast(
                ConductorAPI.buildFailed,
                ConductorAPI.BuildFailure(
                    instance: instance, requestID: request.requestID, attempt: request.attempt,
                    triedHosts: request.ignoreHosts + [host], message: "compute host \(host) is unreachable: \(error)",
                    retryable: true),
                topic: ConductorAPI.topic, context: context)
            return
        }
        try await bus.cast(
            ConductorAPI.instanceUpdate,
            ConductorAPI.InstanceUpdate(
                uuid: instance.uuid, host: host,
                event: ConductorAPI.ActionEvent(
                    requestID: request.requestID, name: "schedule_instance", host: host, result: .success)),
            topic: ConductorAPI.topic, context: context)
    }
}
