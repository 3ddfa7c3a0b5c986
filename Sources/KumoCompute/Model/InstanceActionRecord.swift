import Foundation
import GRDB

/// A row of `instance_actions`: one user request on an instance (`create`, `pause`, `delete` …).
struct InstanceActionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "instance_actions"
    var id: Int64?
    var instanceUUID: String
    var requestID: String
    var action: String
    var projectID: String
    var userID: String
    var startTime: Date
    var message: String?

    enum CodingKeys: String, CodingKey {
        case id, action, message
        case instanceUUID = "instance_uuid"
        case requestID = "request_id"
        case projectID = "project_id"
        case userID = "user_id"
        case startTime = "start_time"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `instance_action_events`: one step of an action, on the host that ran it.
struct InstanceActionEventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "instance_action_events"
    var id: Int64?
    var actionID: Int64
    var event: String
    var host: String?
    var startTime: Date
    var finishTime: Date?
    var result: String?
    var details: String?

    enum CodingKeys: String, CodingKey {
        case id, event, host, result, details
        case actionID = "action_id"
        case startTime = "start_time"
        case finishTime = "finish_time"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
