import Foundation
import GRDB
import KumoRPC

/// A row of `server_groups`: instances that must (not) share a host; members are the instances naming it.
struct ServerGroupRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "server_groups"
    var id: String
    var name: String
    var policy: ServerGroupSpec.Policy
    var projectID: String
    var userID: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, policy
        case projectID = "project_id"
        case userID = "user_id"
        case createdAt = "created_at"
    }
}
