import Foundation
import NIOHTTP1

/// Identity v3 authentication: a password or a token becomes an `IdentitySession`.
public struct IdentityClient: Sendable {
    let client: KumoHTTPClient

    public init(client: KumoHTTPClient) {
        self.client = client
    }

    /// `POST /v3/auth/tokens` with the password (or token) of `options`, scoped to its project if any.
    public func authenticate(_ options: AuthOptions) async throws -> IdentitySession {
        let identity: [String: JSONValue]
        if let token = options.token, options.password == nil {
            identity = ["methods": ["token"], "token": ["id": .string(token)]]
        } else {
            guard let username = options.username, let password = options.password else {
                throw APIFailure(
                    status: 401, message: "set OS_USERNAME and OS_PASSWORD (or OS_TOKEN)", request: "authenticate")
            }
            identity = [
                "methods": ["password"],
                "password": [
                    "user": [
                        "name": .string(username), "password": .string(password),
                        "domain": ["name": .string(options.userDomainName)],
                    ]
                ],
            ]
        }
        var auth: [String: JSONValue] = ["identity": .object(identity)]
        if let projectID = options.projectID {
            auth["scope"] = ["project": ["id": .string(projectID)]]
        } else if let projectName = options.projectName {
            auth["scope"] = [
                "project": ["name": .string(projectName), "domain": ["name": .string(options.projectDomainName)]]
            ]
        }
        let response = try await client.send(
            .POST, options.identityV3 + "/auth/tokens", json: JSONValue.object(["auth": .object(auth)]))
        guard let token = response.headers.first(name: "X-Subject-Token") else {
            throw APIFailure(status: response.status, message: "identity answered without X-Subject-Token", request: "authenticate")
        }
        return try response.decode(TokenBody.self).session(token: token)
    }

    /// `DELETE /v3/auth/tokens`: revokes `subject` (authenticated by `token`).
    public func revoke(_ subject: String, options: AuthOptions, token: String) async throws {
        try await client.send(.DELETE, options.identityV3 + "/auth/tokens", token: token, headers: [("X-Subject-Token", subject)])
    }

    /// The body of a token answer, as far as a client needs it.
    struct TokenBody: Decodable {
        struct Named: Decodable {
            var id: String
            var name: String
        }
        struct Token: Decodable {
            var expires_at: String
            var user: Named
            var project: Named?
            var roles: [Named]?
            var catalog: [IdentitySession.CatalogService]?
        }
        var token: Token

        func session(token text: String) throws -> IdentitySession {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let expiresAt = formatter.date(from: token.expires_at) ?? ISO8601DateFormatter().date(from: token.expires_at)
            else { throw APIFailure(status: 502, message: "bad expires_at \(token.expires_at)", request: "authenticate") }
            return IdentitySession(
                token: text, expiresAt: expiresAt, userID: token.user.id, userName: token.user.name,
                projectID: token.project?.id, projectName: token.project?.name, roles: (token.roles ?? []).map(\.name),
                catalog: token.catalog ?? [])
        }
    }
}
