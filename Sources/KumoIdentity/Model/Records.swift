import Foundation
import GRDB

/// A domain: the namespace of projects, users and groups (`default` holds everything at first).
struct DomainRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "domains"
    var id: String
    var name: String
    var description: String
    var enabled: Bool
}

/// A project (tenant): owns resources; users get roles on it.
struct ProjectRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "projects"
    var id: String
    var name: String
    var domainID: String
    var description: String
    var enabled: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, description, enabled
        case domainID = "domain_id"
    }
}

/// A user; `passwordHash` is a PHC-style scrypt string, never the password.
struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "users"
    var id: String
    var name: String
    var domainID: String
    var enabled: Bool
    var passwordHash: String?
    var defaultProjectID: String?
    var email: String?
    var description: String?

    enum CodingKeys: String, CodingKey {
        case id, name, enabled, email, description
        case domainID = "domain_id"
        case passwordHash = "password_hash"
        case defaultProjectID = "default_project_id"
    }
}

/// A group of users; roles granted to it reach its members.
struct GroupRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "groups"
    var id: String
    var name: String
    var domainID: String
    var description: String

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case domainID = "domain_id"
    }
}

/// A global role (`admin`, `member`, `reader` …).
struct RoleRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "roles"
    var id: String
    var name: String
    var description: String?
}

/// A role granted to a user or group on a project or domain.
struct AssignmentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "assignments"

    enum ActorType: String, Codable, Sendable { case user, group }
    enum TargetType: String, Codable, Sendable { case project, domain }

    var actorType: ActorType
    var actorID: String
    var targetType: TargetType
    var targetID: String
    var roleID: String

    enum CodingKeys: String, CodingKey {
        case actorType = "actor_type"
        case actorID = "actor_id"
        case targetType = "target_type"
        case targetID = "target_id"
        case roleID = "role_id"
    }
}

/// A catalog service (`identity`, `compute` …).
struct ServiceRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "services"
    var id: String
    var type: String
    var name: String
    var description: String?
    var enabled: Bool
}

/// Where a service answers, per interface (`public`, `internal`, `admin`) and region.
struct EndpointRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "endpoints"
    var id: String
    var serviceID: String
    var interface: String
    var regionID: String?
    var url: String
    var enabled: Bool

    enum CodingKeys: String, CodingKey {
        case id, interface, url, enabled
        case serviceID = "service_id"
        case regionID = "region_id"
    }
}

/// A region of the catalog.
struct RegionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "regions"
    var id: String
    var description: String
    var parentRegionID: String?

    enum CodingKeys: String, CodingKey {
        case id, description
        case parentRegionID = "parent_region_id"
    }
}

/// A new random id, as Keystone makes them: 32 lower-case hex digits.
func newIdentifier() -> String {
    UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
}
