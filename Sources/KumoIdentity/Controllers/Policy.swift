import KumoCore
import KumoHTTP

/// Identity's one rule beyond the shared `AccessPolicy`: anyone authenticated may read themselves
/// (their own user, project or domain).
extension AccessPolicy {
    /// Admin, or a caller that `isSelf` accepts; 401 without a token, 403 otherwise.
    static func adminOr(_ context: KumoRequestContext, _ isSelf: (Credentials) -> Bool) throws {
        let credentials = try authenticated(context)
        guard credentials.isAdmin || isSelf(credentials) else { throw APIError.forbidden() }
    }
}
