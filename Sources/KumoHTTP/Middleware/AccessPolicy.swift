import KumoCore

/// Kumo's role-based policy, shared by every API service: `admin` may do everything; `member` may read
/// and change its own project's resources; `reader` may only read them. Nobody but an admin sees or
/// touches another project's resources.
public enum AccessPolicy {
    /// What a request may do to a resource.
    public enum Action: Sendable {
        case read, write
    }

    /// The caller's credentials, or 401 when the request carried no valid token.
    @discardableResult
    public static func authenticated(_ context: KumoRequestContext) throws -> Credentials {
        guard let credentials = context.credentials else { throw APIError.unauthorized() }
        return credentials
    }

    /// Admin only: 403 for anyone else.
    @discardableResult
    public static func admin(_ context: KumoRequestContext) throws -> Credentials {
        let credentials = try authenticated(context)
        guard credentials.isAdmin else { throw APIError.forbidden() }
        return credentials
    }

    /// `action` on a resource of `projectID`: an admin, or a token scoped to that project with a role
    /// that allows it (`member` to write; `member` or `reader` to read).
    @discardableResult
    public static func project(
        _ projectID: String, _ action: Action, _ context: KumoRequestContext
    ) throws -> Credentials {
        let credentials = try authenticated(context)
        guard allows(credentials, action, projectID: projectID) else { throw APIError.forbidden() }
        return credentials
    }

    /// Whether `credentials` may do `action` on a resource of `projectID`.
    public static func allows(_ credentials: Credentials, _ action: Action, projectID: String) -> Bool {
        if credentials.isAdmin { return true }
        guard credentials.projectID == projectID else { return false }
        switch action {
        case .write: return credentials.roles.contains("member")
        case .read: return credentials.roles.contains("member") || credentials.roles.contains("reader")
        }
    }
}
