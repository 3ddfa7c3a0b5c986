/// Who a request acts as, once its token checked out: the identity and scope a token carries.
public struct Credentials: Sendable, Equatable, Codable {
    public var userID: String
    public var userName: String
    public var userDomainID: String
    /// The project the token is scoped to, if any.
    public var projectID: String?
    /// The domain the token is scoped to, if any.
    public var domainID: String?
    /// Role names on the scope (`admin`, `member`, `reader` …).
    public var roles: [String]
    /// Identifies the token (and its chain of re-scoped tokens) for revocation.
    public var auditID: String

    public init(
        userID: String, userName: String, userDomainID: String, projectID: String?, domainID: String?,
        roles: [String], auditID: String
    ) {
        self.userID = userID
        self.userName = userName
        self.userDomainID = userDomainID
        self.projectID = projectID
        self.domainID = domainID
        self.roles = roles
        self.auditID = auditID
    }

    public var isAdmin: Bool { roles.contains("admin") }
}
