/// What a token is scoped to: one project (with the project's domain), one domain, or nothing.
public enum TokenScope: Sendable, Hashable {
    /// No scope: the token only proves who the user is (enough to list their projects and re-scope).
    case unscoped
    /// Scoped to a project; `domainID` is the project's domain.
    case project(id: String, domainID: String)
    /// Scoped to a domain.
    case domain(id: String)

    /// The project id, if the token is project-scoped.
    public var projectID: String? {
        if case .project(let id, _) = self { id } else { nil }
    }

    /// The domain id, if the token is domain-scoped.
    public var domainID: String? {
        if case .domain(let id) = self { id } else { nil }
    }
}
