import Foundation
import GRDB
import KumoCore
import KumoHTTP
import KumoRPC

/// An instance action with its events, as `os-instance-actions` shows it.
struct InstanceActionDetail: Sendable {
    var action: InstanceActionRecord
    var events: [InstanceActionEventRecord]
}

extension ComputeStore {
    /// The actions on instance `uuid` (deleted ones too, as in Nova), newest first.
    func actions(of uuid: String, by credentials: Credentials) async throws -> [InstanceActionDetail] {
        try await read { db in
            try Self.visibleInstance(db, uuid, by: credentials)
            return try InstanceActionRecord.filter(Column("instance_uuid") == uuid.lowercased())
                .order(Column("start_time").desc, Column("id").desc).fetchAll(db)
                .map { InstanceActionDetail(action: $0, events: try Self.events(db, actionID: $0.id!)) }
        }
    }

    /// The action of request `requestID` on instance `uuid`, else 404.
    func action(of uuid: String, requestID: String, by credentials: Credentials) async throws -> InstanceActionDetail {
        try await read { db in
            try Self.visibleInstance(db, uuid, by: credentials)
            guard
                let action = try InstanceActionRecord.filter(
                    Column("instance_uuid") == uuid.lowercased() && Column("request_id") == requestID
                ).fetchOne(db)
            else { throw APIError.notFound("Action \(requestID) on instance \(uuid) could not be found.") }
            return InstanceActionDetail(action: action, events: try Self.events(db, actionID: action.id!))
        }
    }

    /// Records the start or the finish of `event`. Returns false when the instance has no action of that request.
    @discardableResult
    static func record(_ db: Database, _ event: ConductorAPI.ActionEvent, instance uuid: String, message: String?) throws -> Bool {
        guard
            var action = try InstanceActionRecord.filter(
                Column("instance_uuid") == uuid && Column("request_id") == event.requestID
            ).fetchOne(db)
        else { return false }
        if let message, event.result == .error, action.message == nil {
            action.message = message
            try action.update(db)
        }
        let now = Date()
        if var open = try InstanceActionEventRecord.filter(
            Column("action_id") == action.id! && Column("event") == event.name && Column("finish_time") == nil
        ).fetchOne(db), event.result != nil {
            open.finishTime = now
            open.result = event.result?.rawValue
            open.details = event.details
            try open.update(db)
        } else {
            var record = InstanceActionEventRecord(
                id: nil, actionID: action.id!, event: event.name, host: event.host, startTime: now,
                finishTime: event.result == nil ? nil : now, result: event.result?.rawValue, details: event.details)
            try record.insert(db)
        }
        return true
    }

    private static func events(_ db: Database, actionID: Int64) throws -> [InstanceActionEventRecord] {
        try InstanceActionEventRecord.filter(Column("action_id") == actionID).order(Column("id")).fetchAll(db)
    }

    /// 404 unless `credentials` may read instance `uuid` (deleted or not).
    private static func visibleInstance(_ db: Database, _ uuid: String, by credentials: Credentials) throws {
        guard let instance = try InstanceRecord.fetchOne(db, key: uuid.lowercased()),
            AccessPolicy.allows(credentials, .read, projectID: instance.projectID)
        else { throw instanceNotFound(uuid) }
    }
}
