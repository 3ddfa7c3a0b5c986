import Foundation
import KumoCore

/// Why a token was refused. Every case answers 401 with Keystone's generic message; the detail
/// (reason, key id, expiry, audit id) stays in `description`, for logs only.
public enum TokenError: Error, Equatable, Sendable {
    /// Not a JWS compact token we issue: bad structure or encoding, wrong `alg`, bad claims.
    case malformed(reason: String)
    /// Signed with a key this service does not (or no longer) know.
    case unknownKey(kid: String)
    /// The signature does not match the header and payload.
    case badSignature(kid: String)
    /// Past its `exp`.
    case expired(expiresAt: Date)
    /// Matched a revocation event.
    case revoked(auditID: String)
}

extension TokenError: PublicError {
    public var statusCode: Int { 401 }

    public var publicMessage: String { "The request you have made requires authentication." }
}

extension TokenError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .malformed(let reason): "malformed token: \(reason)"
        case .unknownKey(let kid): "token signed with unknown key \(kid)"
        case .badSignature(let kid): "token signature does not verify with key \(kid)"
        case .expired(let expiresAt): "token expired at \(expiresAt.formatted(.iso8601))"
        case .revoked(let auditID): "token \(auditID) has been revoked"
        }
    }
}
