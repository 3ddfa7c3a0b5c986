import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// Identity's policy: `admin` may do everything; anyone authenticated may read themselves and their
/// own project; everything else is refused with 403 (401 without a token).
enum Policy {
    /// The caller's credentials, or 401.
    @discardableResult
    static func authenticated(_ context: KumoRequestContext) throws -> Credentials {
        guard let credentials = context.credentials else { throw APIError.unauthorized() }
        return credentials
    }

    /// Admin only.
    @discardableResult
    static func admin(_ context: KumoRequestContext) throws -> Credentials {
        let credentials = try authenticated(context)
        guard credentials.isAdmin else { throw APIError.forbidden() }
        return credentials
    }

    /// Admin, or a caller that `isSelf` accepts (its own user or project).
    static func adminOr(_ context: KumoRequestContext, _ isSelf: (Credentials) -> Bool) throws {
        let credentials = try authenticated(context)
        guard credentials.isAdmin || isSelf(credentials) else { throw APIError.forbidden() }
    }
}
