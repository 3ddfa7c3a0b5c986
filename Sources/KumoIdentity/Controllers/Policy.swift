import Hummingbird
import KumoCore
import KumoHTTP

/// Identity's policy on top of the shared `AccessPolicy`: `admin` may do everything; anyone
/// authenticated may read themselves and their own project; everything else is refused with 403
/// (401 without a token).
enum Policy {
    @discardableResult
    static func authenticated(_ context: KumoRequestContext) throws -> Credentials {
        try AccessPolicy.authenticated(context)
    }

    @discardableResult
    static func admin(_ context: KumoRequestContext) throws -> Credentials {
        try AccessPolicy.admin(context)
    }

    /// Admin, or a caller that `isSelf` accepts (its own user or project).
    static func adminOr(_ context: KumoRequestContext, _ isSelf: (Credentials) -> Bool) throws {
        let credentials = try authenticated(context)
        guard credentials.isAdmin || isSelf(credentials) else { throw APIError.forbidden() }
    }
}
