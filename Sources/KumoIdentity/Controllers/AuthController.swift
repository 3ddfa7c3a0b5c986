import Foundation
import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/auth/tokens` (issue, validate, check, revoke), `/v3/auth/projects`, `/v3/auth/catalog`.
struct AuthController {
    let service: IdentityService
    let validations = TokenBodyCache()

    func register(on router: Router<KumoRequestContext>) {
        router.post("v3/auth/tokens") { request, context in
            let body = try await request.decodeJSON(as: AuthRequest.self, context: context, reader: .keystone)
            let claims = try await issue(body.auth)
            let token = try service.signer.issue(claims)
            let noCatalog = request.uri.queryParameters.get("nocatalog") != nil
            return JSONResponse(
                ["token": try await view(claims, catalog: !noCatalog)], status: .created,
                headers: [.subjectToken: token])
        }
        router.get("v3/auth/tokens") { request, context in
            let (token, claims) = try subject(request, context)
            let key = TokenBodyCache.Key(token: token, catalog: request.uri.queryParameters.get("nocatalog") == nil)
            let generation = service.store.generation.current
            let body: Data
            if let cached = validations.body(for: key, generation: generation) {
                body = cached
            } else {
                body = try JSONResponse.encode(["token": try await view(claims, catalog: key.catalog)])
                validations.store(body, for: key, generation: generation)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json", .contentLength: String(body.count), .subjectToken: token],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.head("v3/auth/tokens") { request, context in
            _ = try subject(request, context)
            return Response(status: .ok)
        }
        router.delete("v3/auth/tokens") { request, context in
            let (_, claims) = try subject(request, context)
            await service.revoke(.auditID(claims.auditID))
            return Response(status: .noContent)
        }
        router.get("v3/auth/projects") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let projects = try await service.store.read { db in
                try IdentityStore.projects(db, userID: credentials.userID).filter(\.enabled)
            }
            return JSONResponse(
                Listing(key: "projects", items: projects.map { ProjectView($0, base: service.base) },
                        url: "\(service.base)/v3/auth/projects"))
        }
        router.get("v3/auth/catalog") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            return JSONResponse(["catalog": try await catalog(projectID: credentials.projectID)])
        }
    }

    /// The token named by `X-Subject-Token`, which the caller may inspect: its own, or any as admin.
    private func subject(_ request: Request, _ context: KumoRequestContext) throws -> (String, TokenClaims) {
        let caller = try AccessPolicy.authenticated(context)
        guard let token = request.headers[.subjectToken] else {
            throw APIErrors.missing("X-Subject-Token")
        }
        guard let claims = try? service.validate(token) else { throw APIError.notFound(kind: "token", id: "") }
        guard caller.isAdmin || caller.userID == claims.userID else { throw APIError.forbidden() }
        return (token, claims)
    }

    /// Authenticates the request's identity and builds the claims of the scope it asks for.
    private func issue(_ auth: AuthRequest.Auth) async throws -> TokenClaims {
        let now = Date()
        let methods = auth.identity.methods
        let (user, parent): (UserRecord, TokenClaims?)
        if methods == ["password"], let password = auth.identity.password {
            user = try await authenticate(password.user)
            parent = nil
        } else if methods == ["token"], let token = auth.identity.token {
            guard let claims = try? service.validate(token.id) else { throw APIError.unauthorized() }
            guard let record = try await service.store.read({ db in try UserRecord.fetchOne(db, key: claims.userID) }),
                record.enabled
            else { throw APIError.unauthorized() }
            (user, parent) = (record, claims)
        } else {
            throw APIErrors.invalid("auth.identity.methods", "only [\"password\"] or [\"token\"] is supported")
        }
        let (scope, roles) = try await resolveScope(auth.scope, user: user)
        let expiresAt = min(parent?.expiresAt ?? .distantFuture, now.addingTimeInterval(Double(service.settings.tokenLifetime.components.seconds)))
        if let parent {
            return parent.rescoped(to: scope, roles: roles, issuedAt: now, expiresAt: expiresAt)
        }
        return TokenClaims(
            userID: user.id, userName: user.name, userDomainID: user.domainID, methods: methods, scope: scope,
            roles: roles, issuedAt: now, expiresAt: expiresAt)
    }

    /// Finds the user and checks its password; an unknown user and a wrong password look the same (401).
    private func authenticate(_ reference: AuthRequest.UserRef) async throws -> UserRecord {
        guard let password = reference.password else { throw APIErrors.missing("auth.identity.password.user.password") }
        let user = try await service.store.read { db -> UserRecord? in
            if let id = reference.id { return try UserRecord.fetchOne(db, key: id) }
            guard let name = reference.name, let domain = try Self.domain(db, reference.domain) else { return nil }
            guard domain.enabled else { return nil }
            return try UserRecord.filter(Column("domain_id") == domain.id && Column("name") == name).fetchOne(db)
        }
        guard let user, let hash = user.passwordHash else {
            _ = service.hasher.verifyDummy(password)
            throw APIError.unauthorized()
        }
        guard service.hasher.verify(password, against: hash), user.enabled else { throw APIError.unauthorized() }
        return user
    }

    private static func domain(_ db: Database, _ reference: AuthRequest.DomainRef?) throws -> DomainRecord? {
        if let id = reference?.id { return try DomainRecord.fetchOne(db, key: id) }
        if let name = reference?.name { return try DomainRecord.filter(Column("name") == name).fetchOne(db) }
        return nil
    }

    /// The scope asked for (or the user's default project) and the user's roles there; 401 when the user
    /// has no role on it or it is disabled.
    private func resolveScope(_ scope: AuthRequest.Scope?, user: UserRecord) async throws -> (TokenScope, [TokenRole]) {
        try await service.store.read { db in
            let requested: AuthRequest.Scope
            switch scope {
            case .some(let scope): requested = scope
            case .none:
                guard let projectID = user.defaultProjectID,
                    try !IdentityStore.roles(db, userID: user.id, targetType: .project, targetID: projectID).isEmpty
                else { return (.unscoped, []) }
                requested = .project(id: projectID, name: nil, domain: nil)
            }
            switch requested {
            case .unscoped:
                return (.unscoped, [])
            case .project(let id, let name, let domain):
                var project: ProjectRecord?
                if let id {
                    project = try ProjectRecord.fetchOne(db, key: id)
                } else if let name, let domain = try Self.domain(db, domain) {
                    project = try ProjectRecord.filter(Column("domain_id") == domain.id && Column("name") == name).fetchOne(db)
                }
                guard let project, project.enabled,
                    try DomainRecord.fetchOne(db, key: project.domainID)?.enabled == true
                else { throw APIError.unauthorized() }
                let roles = try IdentityStore.roles(db, userID: user.id, targetType: .project, targetID: project.id)
                guard !roles.isEmpty else { throw APIError.unauthorized("User \(user.id) has no access to project \(project.id).") }
                return (.project(id: project.id, domainID: project.domainID), roles.map { TokenRole(id: $0.id, name: $0.name) })
            case .domain(let reference):
                guard let domain = try Self.domain(db, reference), domain.enabled else { throw APIError.unauthorized() }
                let roles = try IdentityStore.roles(db, userID: user.id, targetType: .domain, targetID: domain.id)
                guard !roles.isEmpty else { throw APIError.unauthorized("User \(user.id) has no access to domain \(domain.id).") }
                return (.domain(id: domain.id), roles.map { TokenRole(id: $0.id, name: $0.name) })
            }
        }
    }

    private func catalog(projectID: String?) async throws -> [CatalogEntry] {
        try await service.store.read { db in
            try IdentityStore.catalog(db).map {
                CatalogEntry(service: $0.service, endpoints: $0.endpoints, projectID: projectID)
            }
        }
    }

    /// The token body: user, scope with names, roles, catalog.
    private func view(_ claims: TokenClaims, catalog withCatalog: Bool) async throws -> TokenView {
        let names = try await service.store.read { db -> (user: String, project: ProjectRecord?, domains: [String: String]) in
            let domains = try DomainRecord.fetchAll(db).reduce(into: [String: String]()) { $0[$1.id] = $1.name }
            let project = try claims.scope.projectID.flatMap { try ProjectRecord.fetchOne(db, key: $0) }
            return (claims.userName, project, domains)
        }
        var view = TokenView(
            methods: claims.methods,
            user: .init(
                id: claims.userID, name: names.user,
                domain: Reference(id: claims.userDomainID, name: names.domains[claims.userDomainID] ?? claims.userDomainID)),
            audit_ids: claims.auditIDs, expires_at: TokenView.timestamp(claims.expiresAt),
            issued_at: TokenView.timestamp(claims.issuedAt))
        if let project = names.project {
            view.project = .init(
                id: project.id, name: project.name,
                domain: Reference(id: project.domainID, name: names.domains[project.domainID] ?? project.domainID))
            view.is_domain = false
        }
        if let domainID = claims.scope.domainID {
            view.domain = Reference(id: domainID, name: names.domains[domainID] ?? domainID)
        }
        if claims.scope != .unscoped {
            view.roles = claims.roles.map { Reference(id: $0.id, name: $0.name) }
            if withCatalog { view.catalog = try await catalog(projectID: claims.scope.projectID) }
        }
        return view
    }
}
