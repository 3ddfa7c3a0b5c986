import Foundation
import GRDB
import KumoHTTP
import KumoRPC

/// Why the conductor did not apply an instance update.
enum InstanceUpdateError: Error, Equatable, CustomStringConvertible {
    /// The instance is gone (deleted, or never existed): whatever runs for it should stop.
    case instanceGone(uuid: String)
    /// Another task replaced the one the update belongs to.
    case unexpectedTaskState(uuid: String, actual: TaskState, expected: [TaskState])

    var description: String {
        switch self {
        case .instanceGone(let uuid): "instance \(uuid) is deleted"
        case .unexpectedTaskState(let uuid, let actual, let expected):
            "instance \(uuid) is in task_state \(actual.rawValue), not \(expected.map(\.rawValue).joined(separator: "/"))"
        }
    }
}

extension ComputeStore {
    /// Applies a state change reported by a compute agent or the scheduler, with its action event.
    /// - Returns: the instance after the change.
    func apply(_ update: ConductorAPI.InstanceUpdate) async throws -> InstanceRecord {
        try await write { db in
            guard var instance = try InstanceRecord.fetchOne(db, key: update.uuid), !instance.deleted else {
                throw InstanceUpdateError.instanceGone(uuid: update.uuid)
            }
            if let expected = update.expectedTaskStates, !expected.contains(instance.taskState) {
                throw InstanceUpdateError.unexpectedTaskState(uuid: update.uuid, actual: instance.taskState, expected: expected)
            }
            let now = Date()
            if let host = update.host { instance.host = host }
            if let vmState = update.vmState {
                if vmState == .active, instance.launchedAt == nil { instance.launchedAt = now }
                instance.vmState = vmState
            }
            if let taskState = update.taskState { instance.taskState = taskState }
            if let powerState = update.powerState { instance.powerState = powerState }
            if update.deleted {
                instance.deleted = true
                instance.vmState = .deleted
                instance.taskState = .idle
                instance.powerState = .noState
                instance.deletedAt = now
            }
            instance.updatedAt = now
            try instance.update(db)
            if let event = update.event { try Self.record(db, event, instance: update.uuid, message: nil) }
            return instance
        }
    }

    /// Puts instance `uuid` in ERROR with `fault`, finishing `event` with an error.
    func fail(_ uuid: String, fault: InstanceFault, event: ConductorAPI.ActionEvent?) async throws {
        try await write { db in
            guard var instance = try InstanceRecord.fetchOne(db, key: uuid), !instance.deleted else { return }
            instance.vmState = .error
            instance.taskState = .idle
            instance.fault = Stored(fault)
            instance.updatedAt = Date()
            try instance.update(db)
            if let event { try Self.record(db, event, instance: uuid, message: fault.message) }
        }
    }
}
