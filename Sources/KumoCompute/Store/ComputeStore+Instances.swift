import Foundation
import GRDB
import KumoCore
import KumoHTTP
import KumoRPC

extension ComputeStore {
    /// Stores new instances (`building`, `scheduling`) with their `create` actions, if the project's quota
    /// allows them all: checked and written in one transaction.
    func create(_ instances: [InstanceRecord], requestID: String) async throws {
        try await write { db in
            guard let first = instances.first else { return }
            try Quota.check(
                db, projectID: first.projectID,
                requested: [
                    "instances": instances.count, "cores": instances.map(\.vcpus).reduce(0, +),
                    "ram": instances.map(\.memoryMB).reduce(0, +),
                ])
            if let group = first.serverGroupID {
                let limit = try Quota.limits(db, projectID: first.projectID)["server_group_members"] ?? -1
                let members = try InstanceRecord.filter(Column("server_group_id") == group && Column("deleted") == false)
                    .fetchCount(db)
                if limit >= 0, members + instances.count > limit {
                    throw APIError.forbidden(
                        "Quota exceeded for server_group_members: Requested \(instances.count), but already used \(members) of \(limit) server_group_members")
                }
            }
            for instance in instances {
                try instance.insert(db)
                var action = InstanceActionRecord(
                    id: nil, instanceUUID: instance.uuid, requestID: requestID, action: "create",
                    projectID: instance.projectID, userID: instance.userID, startTime: instance.createdAt, message: nil)
                try action.insert(db)
            }
        }
    }

    /// The live instance `uuid` if `credentials` may `action` it, else 404 (403 for a reader writing).
    func instance(_ uuid: String, _ action: AccessPolicy.Action, by credentials: Credentials) async throws -> InstanceRecord {
        try await read { db in try Self.instance(db, uuid, action, by: credentials) }
    }

    /// Instances `query` selects, newest first.
    func instances(_ query: ServerQuery) async throws -> [InstanceRecord] {
        try await read { db in
            var request = InstanceRecord.all()
            if !query.includeDeleted { request = request.filter(Column("deleted") == false) }
            if let project = query.projectID { request = request.filter(Column("project_id") == project) }
            if let states = query.vmStates { request = request.filter(states.map(\.rawValue).contains(Column("vm_state"))) }
            if let host = query.host { request = request.filter(Column("host") == host) }
            if let reservation = query.reservationID { request = request.filter(Column("reservation_id") == reservation) }
            if let marker = query.marker {
                guard let last = try InstanceRecord.fetchOne(db, key: marker) else {
                    throw APIError.badRequest("marker [\(marker)] not found")
                }
                request = request.filter(
                    Column("created_at") < last.createdAt
                        || (Column("created_at") == last.createdAt && Column("uuid") < last.uuid))
            }
            let records = try request.order(Column("created_at").desc, Column("uuid").desc).fetchAll(db)
            return Array(records.lazy.filter(query.matches).prefix(query.limit))
        }
    }

    /// Renames instance `uuid`.
    func rename(_ uuid: String, to name: String, by credentials: Credentials) async throws -> InstanceRecord {
        try await write { db in
            var instance = try Self.instance(db, uuid, .write, by: credentials)
            instance.name = name
            instance.updatedAt = Date()
            try instance.update(db)
            return instance
        }
    }

    /// Starts `action` on instance `uuid`: 409 unless its vm state allows it and no other task runs
    /// (a delete may interrupt anything but another delete), then sets its task state and records the action.
    func begin(
        _ action: ServerAction, on uuid: String, by credentials: Credentials, requestID: String
    ) async throws -> InstanceRecord {
        try await write { db in
            var instance = try Self.instance(db, uuid, .write, by: credentials)
            let busy = action.kind == .delete ? instance.taskState == .deleting : instance.taskState != .idle
            guard !busy, action.allowedVMStates.contains(instance.vmState) else {
                throw APIError.conflict(
                    "Cannot '\(action.name)' instance \(uuid) while it is in vm_state \(instance.vmState.rawValue)"
                        + (instance.taskState == .idle ? "" : ", task_state \(instance.taskState.rawValue)"))
            }
            instance.taskState = action.taskState
            instance.updatedAt = Date()
            try instance.update(db)
            var record = InstanceActionRecord(
                id: nil, instanceUUID: uuid, requestID: requestID, action: action.name, projectID: instance.projectID,
                userID: credentials.userID, startTime: Date(), message: nil)
            try record.insert(db)
            return instance
        }
    }

    /// Marks instance `uuid` deleted (it keeps its row, as Nova's soft-deleted rows, for `?deleted=true`).
    /// - Returns: whether it was live until now.
    @discardableResult
    func markDeleted(_ uuid: String) async throws -> Bool {
        try await write { db in
            guard var instance = try InstanceRecord.fetchOne(db, key: uuid), !instance.deleted else { return false }
            instance.deleted = true
            instance.vmState = .deleted
            instance.taskState = .idle
            instance.powerState = .noState
            instance.deletedAt = Date()
            instance.updatedAt = Date()
            try instance.update(db)
            return true
        }
    }

    /// The live instances assigned to `host`.
    func instances(onHost host: String) async throws -> [InstanceRecord] {
        try await read { db in
            try InstanceRecord.filter(Column("host") == host && Column("deleted") == false).fetchAll(db)
        }
    }

    static func instance(
        _ db: Database, _ uuid: String, _ action: AccessPolicy.Action, by credentials: Credentials
    ) throws -> InstanceRecord {
        guard let instance = try InstanceRecord.fetchOne(db, key: uuid.lowercased()), !instance.deleted,
            AccessPolicy.allows(credentials, .read, projectID: instance.projectID)
        else { throw instanceNotFound(uuid) }
        guard AccessPolicy.allows(credentials, action, projectID: instance.projectID) else { throw APIError.forbidden() }
        return instance
    }

    static func instanceNotFound(_ uuid: String) -> APIError {
        APIError.notFound("Instance \(uuid) could not be found.")
    }
}
