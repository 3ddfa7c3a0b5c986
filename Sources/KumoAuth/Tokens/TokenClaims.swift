import Crypto
import Foundation
import KumoCore

/// The signed payload of a Kumo token: who, how, on what scope, with which roles, and for how long.
///
/// JSON claims: `sub`, `user_name`, `user_domain_id`, `methods`, `project_id` + `project_domain_id`
/// or `domain_id` (or neither: unscoped), `roles` (`[{"id", "name"}]`), `iat` (seconds since 1970,
/// microsecond precision so a revocation and a fresh token in the same second stay ordered), `exp`
/// (whole seconds since 1970), `audit_ids` (this token's audit id first, then the audit id of the
/// chain it was re-scoped from, as Keystone does).
public struct TokenClaims: Sendable, Equatable {
    /// The user id (`sub`).
    public var userID: String
    public var userName: String
    public var userDomainID: String
    /// How the user authenticated: `["password"]`, or `["token"]` for a re-scoped token.
    public var methods: [String]
    public var scope: TokenScope
    public var roles: [TokenRole]
    /// When the token was issued (`iat`), rounded to the microsecond.
    public var issuedAt: Date
    /// When the token stops being valid (`exp`), rounded down to the second.
    public var expiresAt: Date
    /// This token's audit id, then its chain's original audit id when re-scoped; never empty.
    public var auditIDs: [String]

    public init(
        userID: String, userName: String, userDomainID: String, methods: [String], scope: TokenScope,
        roles: [TokenRole], issuedAt: Date, expiresAt: Date, auditIDs: [String] = [TokenClaims.newAuditID()]
    ) {
        self.userID = userID
        self.userName = userName
        self.userDomainID = userDomainID
        self.methods = methods
        self.scope = scope
        self.roles = roles
        self.issuedAt = Date(timeIntervalSince1970: Self.microseconds(issuedAt))
        self.expiresAt = Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
        self.auditIDs = auditIDs
    }

    /// This token's own audit id (the first of `auditIDs`).
    public var auditID: String { auditIDs.first ?? "" }

    /// The audit id of the token chain's origin (the last of `auditIDs`).
    public var auditChainID: String { auditIDs.last ?? "" }

    /// Role names, as policy checks use them.
    public var roleNames: [String] { roles.map(\.name) }

    /// What a request authenticated by this token acts as.
    public var credentials: Credentials {
        Credentials(
            userID: userID, userName: userName, userDomainID: userDomainID, projectID: scope.projectID,
            domainID: scope.domainID, roles: roleNames, auditID: auditID)
    }

    /// Claims for a token obtained with this one (the `token` method), Keystone-style: a fresh audit
    /// id followed by this chain's original one, and by default no later expiry than this token's.
    public func rescoped(
        to scope: TokenScope, roles: [TokenRole], issuedAt: Date, expiresAt: Date? = nil
    ) -> TokenClaims {
        TokenClaims(
            userID: userID, userName: userName, userDomainID: userDomainID, methods: ["token"], scope: scope,
            roles: roles, issuedAt: issuedAt, expiresAt: expiresAt ?? self.expiresAt,
            auditIDs: [Self.newAuditID(), auditChainID])
    }

    /// A new random audit id: 16 random bytes in base64url (22 characters), as Keystone makes them.
    public static func newAuditID() -> String {
        Base64URL.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    }

    static func microseconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1_000_000).rounded() / 1_000_000
    }
}
