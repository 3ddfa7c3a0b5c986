import KumoClient

/// A Keystone collection (`/v3/projects`): the key of one member in request and answer bodies and the
/// plural of its path and listings.
public struct IdentityResource: Sendable, Equatable {
    /// `project`: the body key of one, and the word of messages.
    public let singular: String
    /// `projects`: the path below `/v3` and the key of a listing.
    public let plural: String

    public static let domain = IdentityResource(singular: "domain", plural: "domains")
    public static let project = IdentityResource(singular: "project", plural: "projects")
    public static let user = IdentityResource(singular: "user", plural: "users")
    public static let group = IdentityResource(singular: "group", plural: "groups")
    public static let role = IdentityResource(singular: "role", plural: "roles")
    public static let roleAssignment = IdentityResource(singular: "role_assignment", plural: "role_assignments")

    /// The members of a listing body `{"projects": [...], "links": ...}`, without their `links`.
    func members(of listing: JSONValue) throws -> [[String: JSONValue]] {
        guard let items = listing[plural]?.array else {
            throw CLIError("identity answered a \(singular) list without \"\(plural)\"")
        }
        return try items.map(Self.fields)
    }

    /// The member of a body `{"project": {...}}`, without its `links`.
    func member(of body: JSONValue) throws -> [String: JSONValue] {
        guard let object = body[singular] else { throw CLIError("identity answered without \"\(singular)\"") }
        return try Self.fields(object)
    }

    /// The one of `candidates` named `name`: nil if none is, an error if several are (as openstack says).
    func unique(named name: String, in candidates: [[String: JSONValue]]) throws -> [String: JSONValue]? {
        try NameLookup.unique(singular, named: name, in: candidates)
    }

    private static func fields(_ object: JSONValue) throws -> [String: JSONValue] {
        guard case .object(var fields) = object else { throw CLIError("identity answered a non-object") }
        fields["links"] = nil
        return fields
    }
}
