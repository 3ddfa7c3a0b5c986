import Foundation
import KumoBus
import KumoCore
import KumoRPC
import KumoScheduler
import Logging

/// The conductor: applies what compute agents and the scheduler report about instances (it is their
/// only writer of instance state), retries failed builds on other hosts, and keeps the placement
/// database's view of each host up to date from the agents' reports.
struct Conductor: Sendable {
    let store: ComputeStore
    let placement: PlacementStore
    let bus: Bus
    let settings: SchedulerSettings
    let logger: Logger

    var dispatcher: RPCDispatcher {
        var dispatcher = RPCDispatcher()
        dispatcher.register(ConductorAPI.instanceUpdate) { update, _ in
            try await apply(update)
            return Empty()
        }
        dispatcher.register(ConductorAPI.buildFailed) { failure, context in
            try await buildFailed(failure, context: context)
            return Empty()
        }
        dispatcher.register(ConductorAPI.hostReport) { report, _ in
            try await placement.upsert(report, settings: settings)
            return Empty()
        }
        dispatcher.register(ConductorAPI.hostInstances) { request, _ in
            let records = try await store.instances(onHost: request.host)
            return ConductorAPI.HostInstances(
                instances: records.map {
                    .init(instance: $0.spec.value, vmState: $0.vmState, taskState: $0.taskState, powerState: $0.powerState)
                })
        }
        return dispatcher
    }

    /// Applies an update; a deleted instance frees its claim. An update for an instance that is gone
    /// frees the claim too (a build that raced a delete) and fails, so the agent stops what it does.
    func apply(_ update: ConductorAPI.InstanceUpdate) async throws {
        do {
            _ = try await store.apply(update)
            if update.deleted { try await placement.release(consumer: update.uuid) }
        } catch InstanceUpdateError.instanceGone(let uuid) {
            try await placement.release(consumer: uuid)
            throw InstanceUpdateError.instanceGone(uuid: uuid)
        }
    }

    /// Frees the failed host's claim, then asks the scheduler for another host while attempts remain,
    /// else puts the instance in ERROR with a fault that says why.
    func buildFailed(_ failure: ConductorAPI.BuildFailure, context: OperationContext) async throws {
        let uuid = failure.instance.uuid
        try await placement.release(consumer: uuid)
        if failure.retryable, failure.attempt < settings.maxAttempts {
            logger.notice(
                "rescheduling a failed build",
                metadata: ["instance": "\(uuid)", "attempt": "\(failure.attempt)", "error": "\(failure.message)"])
            do {
                _ = try await store.apply(
                    .init(uuid: uuid, taskState: .scheduling,
                        event: .init(requestID: failure.requestID, name: "conductor_reschedule", result: .success, details: failure.message)))
            } catch InstanceUpdateError.instanceGone {
                return
            }
            try await bus.cast(
                SchedulerAPI.scheduleInstance,
                .init(instance: failure.instance, requestID: failure.requestID, attempt: failure.attempt + 1, ignoreHosts: failure.triedHosts),
                topic: SchedulerAPI.topic, context: context)
            return
        }
        var message = failure.message
        if failure.retryable {
            message = "Exceeded maximum number of retries (\(settings.maxAttempts)) on hosts \(failure.triedHosts.joined(separator: ", ")). Last error: \(failure.message)"
        }
        try await store.fail(
            uuid, fault: InstanceFault(code: 500, message: message, details: nil, created: Date()),
            event: .init(requestID: failure.requestID, name: "conductor_schedule_and_build_instances", result: .error, details: message))
    }
}
