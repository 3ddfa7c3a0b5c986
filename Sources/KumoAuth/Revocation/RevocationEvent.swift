import Foundation

/// A revocation: which tokens it kills and up to when they were issued.
///
/// A token matches when its target matches and it was issued at or before `issuedBefore` (tokens
/// issued later, e.g. after a password change, stay valid). On the bus and on disk it is flat JSON:
/// `{"kind": "user", "user_id": "…", "issued_before": 1732400000.123456}`.
public struct RevocationEvent: Sendable, Hashable {
    /// Which tokens an event is about.
    public enum Target: Sendable, Hashable {
        /// One token (its own audit id, the first of `audit_ids`): `DELETE /v3/auth/tokens`.
        case auditID(String)
        /// Every token of a chain (any of `audit_ids`), e.g. a token and everything re-scoped from it.
        case auditChain(String)
        /// Every token of a user: user disabled or deleted, password changed.
        case user(id: String)
        /// Every token scoped to a project: project disabled or deleted.
        case project(id: String)
        /// Every token of a domain's users and every token scoped to the domain: domain disabled or deleted.
        case domain(id: String)
        /// A user's tokens scoped to one project: a role removed there.
        case userOnProject(userID: String, projectID: String)
    }

    public var target: Target
    /// Tokens issued at or before this instant match (microsecond precision, as `iat`).
    public var issuedBefore: Date

    public init(_ target: Target, issuedBefore: Date) {
        self.target = target
        self.issuedBefore = Date(timeIntervalSince1970: TokenClaims.microseconds(issuedBefore))
    }

    /// Whether the token with `claims` is revoked by this event.
    public func matches(_ claims: TokenClaims) -> Bool {
        guard claims.issuedAt <= issuedBefore else { return false }
        return switch target {
        case .auditID(let id): claims.auditID == id
        case .auditChain(let id): claims.auditIDs.contains(id)
        case .user(let id): claims.userID == id
        case .project(let id): claims.scope.projectID == id
        case .domain(let id): claims.userDomainID == id || claims.scope.domainID == id
        case .userOnProject(let userID, let projectID): claims.userID == userID && claims.scope.projectID == projectID
        }
    }
}

extension RevocationEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case kind
        case auditID = "audit_id"
        case userID = "user_id"
        case projectID = "project_id"
        case domainID = "domain_id"
        case issuedBefore = "issued_before"
    }

    enum Kind: String, Codable {
        case auditID = "audit_id"
        case auditChain = "audit_chain"
        case user
        case project
        case domain
        case userOnProject = "user_on_project"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let target: Target =
            switch try container.decode(Kind.self, forKey: .kind) {
            case .auditID: .auditID(try container.decode(String.self, forKey: .auditID))
            case .auditChain: .auditChain(try container.decode(String.self, forKey: .auditID))
            case .user: .user(id: try container.decode(String.self, forKey: .userID))
            case .project: .project(id: try container.decode(String.self, forKey: .projectID))
            case .domain: .domain(id: try container.decode(String.self, forKey: .domainID))
            case .userOnProject:
                .userOnProject(
                    userID: try container.decode(String.self, forKey: .userID),
                    projectID: try container.decode(String.self, forKey: .projectID))
            }
        let seconds = try container.decode(Double.self, forKey: .issuedBefore)
        self.init(target, issuedBefore: Date(timeIntervalSince1970: seconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch target {
        case .auditID(let id):
            try container.encode(Kind.auditID, forKey: .kind)
            try container.encode(id, forKey: .auditID)
        case .auditChain(let id):
            try container.encode(Kind.auditChain, forKey: .kind)
            try container.encode(id, forKey: .auditID)
        case .user(let id):
            try container.encode(Kind.user, forKey: .kind)
            try container.encode(id, forKey: .userID)
        case .project(let id):
            try container.encode(Kind.project, forKey: .kind)
            try container.encode(id, forKey: .projectID)
        case .domain(let id):
            try container.encode(Kind.domain, forKey: .kind)
            try container.encode(id, forKey: .domainID)
        case .userOnProject(let userID, let projectID):
            try container.encode(Kind.userOnProject, forKey: .kind)
            try container.encode(userID, forKey: .userID)
            try container.encode(projectID, forKey: .projectID)
        }
        try container.encode(TokenClaims.microseconds(issuedBefore), forKey: .issuedBefore)
    }
}
