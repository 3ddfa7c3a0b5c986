import Foundation
/// Keystone's `links` object.
struct Links: Codable, Sendable, Equatable {
    var `self`: String
    var previous: String?
    var next: String?

    init(_ url: String) {
        self.`self` = url
        previous = nil
        next = nil
    }

    enum CodingKeys: String, CodingKey { case `self`, previous, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.`self`, forKey: .self)
        try container.encode(previous, forKey: .previous)
        try container.encode(next, forKey: .next)
    }
}

/// `{"id", "name"}`, as tokens show domains, projects and roles.
struct Reference: Codable, Sendable, Equatable {
    var id: String
    var name: String
}

struct DomainView: Codable, Sendable {
    var id: String
    var name: String
    var description: String
    var enabled: Bool
    var tags: [String] = []
    var options: [String: String] = [:]
    var links: Links

    init(_ record: DomainRecord, base: String) {
        id = record.id
        name = record.name
        description = record.description
        enabled = record.enabled
        links = Links("\(base)/v3/domains/\(record.id)")
    }
}

struct ProjectView: Codable, Sendable {
    var id: String
    var name: String
    var domain_id: String
    var description: String
    var enabled: Bool
    var parent_id: String
    var is_domain = false
    var tags: [String] = []
    var options: [String: String] = [:]
    var links: Links

    init(_ record: ProjectRecord, base: String) {
        id = record.id
        name = record.name
        domain_id = record.domainID
        description = record.description
        enabled = record.enabled
        parent_id = record.domainID
        links = Links("\(base)/v3/projects/\(record.id)")
    }
}

struct UserView: Codable, Sendable {
    var id: String
    var name: String
    var domain_id: String
    var enabled: Bool
    var default_project_id: String?
    var email: String?
    var description: String?
    var password_expires_at: String?
    var options: [String: String] = [:]
    var links: Links

    init(_ record: UserRecord, base: String) {
        id = record.id
        name = record.name
        domain_id = record.domainID
        enabled = record.enabled
        default_project_id = record.defaultProjectID
        email = record.email
        description = record.description
        password_expires_at = nil
        links = Links("\(base)/v3/users/\(record.id)")
    }

    enum CodingKeys: String, CodingKey {
        case id, name, domain_id, enabled, default_project_id, email, description, password_expires_at, options, links
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(domain_id, forKey: .domain_id)
        try container.encode(enabled, forKey: .enabled)
        try container.encodeIfPresent(default_project_id, forKey: .default_project_id)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(password_expires_at, forKey: .password_expires_at)
        try container.encode(options, forKey: .options)
        try container.encode(links, forKey: .links)
    }
}

struct GroupView: Codable, Sendable {
    var id: String
    var name: String
    var domain_id: String
    var description: String
    var links: Links

    init(_ record: GroupRecord, base: String) {
        id = record.id
        name = record.name
        domain_id = record.domainID
        description = record.description
        links = Links("\(base)/v3/groups/\(record.id)")
    }
}

struct RoleView: Codable, Sendable {
    var id: String
    var name: String
    var domain_id: String?
    var description: String?
    var options: [String: String] = [:]
    var links: Links

    init(_ record: RoleRecord, base: String) {
        id = record.id
        name = record.name
        domain_id = nil
        description = record.description
        links = Links("\(base)/v3/roles/\(record.id)")
    }

    enum CodingKeys: String, CodingKey { case id, name, domain_id, description, options, links }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(domain_id, forKey: .domain_id)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(options, forKey: .options)
        try container.encode(links, forKey: .links)
    }
}

struct ServiceView: Codable, Sendable {
    var id: String
    var type: String
    var name: String
    var description: String?
    var enabled: Bool
    var links: Links

    init(_ record: ServiceRecord, base: String) {
        id = record.id
        type = record.type
        name = record.name
        description = record.description
        enabled = record.enabled
        links = Links("\(base)/v3/services/\(record.id)")
    }
}

struct EndpointView: Codable, Sendable {
    var id: String
    var interface: String
    var region: String?
    var region_id: String?
    var service_id: String
    var url: String
    var enabled: Bool
    var links: Links

    init(_ record: EndpointRecord, base: String) {
        id = record.id
        interface = record.interface
        region = record.regionID
        region_id = record.regionID
        service_id = record.serviceID
        url = record.url
        enabled = record.enabled
        links = Links("\(base)/v3/endpoints/\(record.id)")
    }
}

struct RegionView: Codable, Sendable {
    var id: String
    var description: String
    var parent_region_id: String?
    var links: Links

    init(_ record: RegionRecord, base: String) {
        id = record.id
        description = record.description
        parent_region_id = record.parentRegionID
        links = Links("\(base)/v3/regions/\(record.id)")
    }
}

/// One service of a token's catalog.
struct CatalogEntry: Codable, Sendable {
    struct Endpoint: Codable, Sendable {
        var id: String
        var interface: String
        var region: String?
        var region_id: String?
        var url: String
    }

    var id: String
    var type: String
    var name: String
    var endpoints: [Endpoint]

    /// The service with its endpoints' URL templates (`%(project_id)s`, `$(tenant_id)s` …) filled
    /// with `projectID`; an endpoint whose template cannot be filled (no project) is left out, as
    /// Keystone does.
    init(service: ServiceRecord, endpoints: [EndpointRecord], projectID: String?) {
        id = service.id
        type = service.type
        name = service.name
        self.endpoints = endpoints.compactMap { endpoint in
            guard let url = Self.fill(endpoint.url, projectID: projectID) else { return nil }
            return Endpoint(
                id: endpoint.id, interface: endpoint.interface, region: endpoint.regionID, region_id: endpoint.regionID,
                url: url)
        }
    }

    static let templates = ["%(project_id)s", "%(tenant_id)s", "$(project_id)s", "$(tenant_id)s"]

    static func fill(_ url: String, projectID: String?) -> String? {
        guard templates.contains(where: url.contains) else { return url }
        guard let projectID else { return nil }
        return templates.reduce(url) { $0.replacingOccurrences(of: $1, with: projectID) }
    }
}
