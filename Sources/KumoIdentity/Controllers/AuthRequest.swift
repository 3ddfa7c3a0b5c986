/// The body of `POST /v3/auth/tokens`.
struct AuthRequest: Decodable, Sendable {
    struct DomainRef: Decodable, Sendable {
        var id: String?
        var name: String?
    }

    struct UserRef: Decodable, Sendable {
        var id: String?
        var name: String?
        var domain: DomainRef?
        var password: String?
    }

    struct Identity: Decodable, Sendable {
        struct Password: Decodable, Sendable { var user: UserRef }
        struct Token: Decodable, Sendable { var id: String }
        var methods: [String]
        var password: Password?
        var token: Token?
    }

    /// A project (by id, or name and domain) or a domain; `unscoped` or absent asks for no scope.
    enum Scope: Decodable, Sendable {
        case unscoped
        case project(id: String?, name: String?, domain: DomainRef?)
        case domain(DomainRef)

        struct ProjectRef: Decodable, Sendable {
            var id: String?
            var name: String?
            var domain: DomainRef?
        }

        enum CodingKeys: String, CodingKey { case project, domain, system }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                guard text == "unscoped" else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown scope \(text)"))
                }
                self = .unscoped
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let project = try container.decodeIfPresent(ProjectRef.self, forKey: .project) {
                self = .project(id: project.id, name: project.name, domain: project.domain)
            } else if let domain = try container.decodeIfPresent(DomainRef.self, forKey: .domain) {
                self = .domain(domain)
            } else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "scope must name a project or a domain"))
            }
        }
    }

    struct Auth: Decodable, Sendable {
        var identity: Identity
        var scope: Scope?
    }

    var auth: Auth
}
