import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KumoAuth
import KumoConfig
import KumoHTTP
import KumoRuntime
import KumoTesting
import Logging
import Testing

@testable import KumoIdentity

/// The Identity API through its router: tokens, resources, policy and errors, on a real SQLite file.
@Suite("Identity API")
struct IdentityAPITests {
    static let password = "s3cret-admin"

    /// A bootstrapped identity service in a temporary state directory, and its router.
    func withIdentity(_ body: @escaping @Sendable (any TestClientProtocol, IdentityService) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        let kumo = try KumoSettings(
            reader: ConfigLoader.reader(
                file: nil, environment: [:],
                overrides: ["state_dir": .string(directory.path), "identity.password_hash_cost": .int(10)]))
        try await IdentityServices.bootstrap(settings: kumo, adminPassword: Self.password)
        let service = try IdentityService(
            directory: directory.path + "/identity", settings: IdentitySettings(kumo), logger: Logger(label: "test"))
        let app = Application(router: IdentityServices.router(service))
        try await app.test(.router) { client in try await body(client, service) }
    }

    func json(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: object)))
    }

    func body(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    /// Issues a token for `user` scoped to project `project` (both in the default domain).
    func token(
        _ client: any TestClientProtocol, user: String = "admin", password: String = Self.password, project: String? = "admin"
    ) async throws -> TestResponse {
        var auth: [String: Any] = [
            "identity": [
                "methods": ["password"],
                "password": ["user": ["name": user, "domain": ["id": "default"], "password": password]],
            ]
        ]
        if let project { auth["scope"] = ["project": ["name": project, "domain": ["id": "default"]]] }
        return try await client.execute(
            uri: "/v3/auth/tokens", method: .post, headers: [.contentType: "application/json"], body: json(["auth": auth]))
    }

    func adminToken(_ client: any TestClientProtocol) async throws -> String {
        let response = try await token(client)
        #expect(response.status == .created)
        return try #require(response.headers[.subjectToken])
    }

    @Test("a password token carries user, project, roles and the catalog")
    func issueToken() async throws {
        try await withIdentity { client, _ in
            let response = try await token(client)
            #expect(response.status == .created)
            #expect(response.headers[.subjectToken] != nil)
            let token = try #require(try body(response)["token"] as? [String: Any])
            #expect((token["user"] as? [String: Any])?["name"] as? String == "admin")
            #expect((token["project"] as? [String: Any])?["name"] as? String == "admin")
            #expect((token["roles"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["admin"])
            let catalog = try #require(token["catalog"] as? [[String: Any]])
            #expect(Set(catalog.compactMap { $0["type"] as? String }) == ["identity", "compute", "image", "object-store", "network"])
        }
    }

    @Test("wrong password and unknown user both answer 401 in Keystone's body")
    func wrongCredentials() async throws {
        try await withIdentity { client, _ in
            for response in [try await token(client, password: "nope"), try await token(client, user: "nobody")] {
                #expect(response.status == .unauthorized)
                let error = try #require(try body(response)["error"] as? [String: Any])
                #expect(error["code"] as? Int == 401)
                #expect(error["title"] as? String == "Unauthorized")
            }
        }
    }

    @Test("validate, then revoke: the revoked token is refused")
    func validateAndRevoke() async throws {
        try await withIdentity { client, _ in
            let admin = try await adminToken(client)
            let other = try await adminToken(client)
            let headers: HTTPFields = [.authToken: admin, .subjectToken: other]
            #expect(try await client.execute(uri: "/v3/auth/tokens", method: .get, headers: headers).status == .ok)
            #expect(try await client.execute(uri: "/v3/auth/tokens", method: .delete, headers: headers).status == .noContent)
            #expect(try await client.execute(uri: "/v3/auth/tokens", method: .get, headers: headers).status == .notFound)
            let withRevoked: HTTPFields = [.authToken: other]
            #expect(try await client.execute(uri: "/v3/projects", method: .get, headers: withRevoked).status == .unauthorized)
        }
    }

    @Test("an expired token is refused")
    func expired() async throws {
        try await withIdentity { client, service in
            let admin = try await adminToken(client)
            let claims = try service.validate(admin)
            let past = Date().addingTimeInterval(-7200)
            var old = claims
            old.issuedAt = past
            old.expiresAt = past.addingTimeInterval(3600)
            let token = try service.signer.issue(old)
            let response = try await client.execute(uri: "/v3/projects", method: .get, headers: [.authToken: token])
            #expect(response.status == .unauthorized)
            #expect(try await client.execute(uri: "/v3/projects", method: .get, headers: [.authToken: admin]).status == .ok)
        }
    }

    @Test("a tampered token is refused")
    func tampered() async throws {
        try await withIdentity { client, _ in
            var token = Array(try await adminToken(client))
            // Change one character in the middle of the signature to a different one.
            let index = try #require(token.lastIndex(of: ".")) + 20
            token[index] = token[index] == "A" ? "B" : "A"
            let response = try await client.execute(
                uri: "/v3/projects", method: .get, headers: [.authToken: String(token)])
            #expect(response.status == .unauthorized)
        }
    }

    @Test("projects: create, duplicate 409, show, update, delete, unknown 404")
    func projects() async throws {
        try await withIdentity { client, _ in
            let auth: HTTPFields = [.authToken: try await adminToken(client), .contentType: "application/json"]
            let created = try await client.execute(
                uri: "/v3/projects", method: .post, headers: auth, body: json(["project": ["name": "demo"]]))
            #expect(created.status == .created)
            let id = try #require((try body(created)["project"] as? [String: Any])?["id"] as? String)
            let duplicate = try await client.execute(
                uri: "/v3/projects", method: .post, headers: auth, body: json(["project": ["name": "demo"]]))
            #expect(duplicate.status == .conflict)
            let updated = try await client.execute(
                uri: "/v3/projects/\(id)", method: .patch, headers: auth, body: json(["project": ["description": "d"]]))
            #expect((try body(updated)["project"] as? [String: Any])?["description"] as? String == "d")
            #expect(try await client.execute(uri: "/v3/projects/\(id)", method: .delete, headers: auth).status == .noContent)
            let missing = try await client.execute(uri: "/v3/projects/\(id)", method: .get, headers: auth)
            #expect(missing.status == .notFound)
            #expect((try body(missing)["error"] as? [String: Any])?["message"] as? String == "Could not find project: \(id).")
            let malformed = try await client.execute(
                uri: "/v3/projects", method: .post, headers: auth, body: ByteBuffer(string: "{\"project\": "))
            #expect(malformed.status == .badRequest)
        }
    }

    @Test("a member sees its own project but not the admin APIs (403), and not other projects")
    func memberPolicy() async throws {
        try await withIdentity { client, _ in
            let auth: HTTPFields = [.authToken: try await adminToken(client), .contentType: "application/json"]
            let project = try #require(
                (try body(try await client.execute(
                    uri: "/v3/projects", method: .post, headers: auth, body: json(["project": ["name": "team"]])))["project"]
                    as? [String: Any])?["id"] as? String)
            let user = try #require(
                (try body(try await client.execute(
                    uri: "/v3/users", method: .post, headers: auth,
                    body: json(["user": ["name": "alice", "password": "alice-pw"]])))["user"] as? [String: Any])?["id"] as? String)
            let roles = try body(try await client.execute(uri: "/v3/roles?name=member", method: .get, headers: auth))
            let member = try #require((roles["roles"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.execute(
                uri: "/v3/projects/\(project)/users/\(user)/roles/\(member)", method: .put, headers: auth).status == .noContent)

            let response = try await token(client, user: "alice", password: "alice-pw", project: "team")
            #expect(response.status == .created)
            let alice: HTTPFields = [.authToken: try #require(response.headers[.subjectToken])]
            #expect(try await client.execute(uri: "/v3/projects/\(project)", method: .get, headers: alice).status == .ok)
            #expect(try await client.execute(uri: "/v3/projects", method: .get, headers: alice).status == .forbidden)
            #expect(try await client.execute(uri: "/v3/users", method: .get, headers: alice).status == .forbidden)
            let adminProject = try #require(
                ((try body(try await client.execute(uri: "/v3/projects?name=admin", method: .get, headers: auth))["projects"]
                    as? [[String: Any]])?.first)?["id"] as? String)
            #expect(try await client.execute(uri: "/v3/projects/\(adminProject)", method: .get, headers: alice).status == .forbidden)
            // Alice has no role on the admin project: no token scoped to it.
            #expect(try await token(client, user: "alice", password: "alice-pw", project: "admin").status == .unauthorized)
            // Removing her role revokes her token on that project.
            #expect(try await client.execute(
                uri: "/v3/projects/\(project)/users/\(user)/roles/\(member)", method: .delete, headers: auth).status == .noContent)
            #expect(try await client.execute(uri: "/v3/projects/\(project)", method: .get, headers: alice).status == .unauthorized)
        }
    }

    @Test("a role granted to a group reaches its members; leaving the group revokes their tokens")
    func groups() async throws {
        try await withIdentity { client, _ in
            let auth: HTTPFields = [.authToken: try await adminToken(client), .contentType: "application/json"]
            func id(_ response: TestResponse, _ key: String) throws -> String {
                try #require((try body(response)[key] as? [String: Any])?["id"] as? String)
            }
            let project = try id(
                try await client.execute(uri: "/v3/projects", method: .post, headers: auth, body: json(["project": ["name": "ops"]])),
                "project")
            let user = try id(
                try await client.execute(
                    uri: "/v3/users", method: .post, headers: auth, body: json(["user": ["name": "bob", "password": "bob-pw"]])),
                "user")
            let group = try id(
                try await client.execute(uri: "/v3/groups", method: .post, headers: auth, body: json(["group": ["name": "operators"]])),
                "group")
            let roles = try body(try await client.execute(uri: "/v3/roles?name=member", method: .get, headers: auth))
            let member = try #require((roles["roles"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.execute(uri: "/v3/groups/\(group)/users/\(user)", method: .put, headers: auth).status == .noContent)
            #expect(try await client.execute(
                uri: "/v3/projects/\(project)/groups/\(group)/roles/\(member)", method: .put, headers: auth).status == .noContent)
            let listed = try body(try await client.execute(
                uri: "/v3/role_assignments?scope.project.id=\(project)&include_names", method: .get, headers: auth))
            let assignment = try #require((listed["role_assignments"] as? [[String: Any]])?.first)
            #expect((assignment["group"] as? [String: Any])?["name"] as? String == "operators")
            #expect(assignment["user"] == nil)
            let issued = try await token(client, user: "bob", password: "bob-pw", project: "ops")
            #expect(issued.status == .created)
            let roleNames = ((try body(issued)["token"] as? [String: Any])?["roles"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(roleNames == ["member"])
            let bob: HTTPFields = [.authToken: try #require(issued.headers[.subjectToken])]
            #expect(try await client.execute(uri: "/v3/projects/\(project)", method: .get, headers: bob).status == .ok)
            let members = try body(try await client.execute(uri: "/v3/groups/\(group)/users", method: .get, headers: auth))
            #expect((members["users"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["bob"])
            #expect(try await client.execute(uri: "/v3/groups/\(group)/users/\(user)", method: .delete, headers: auth).status == .noContent)
            #expect(try await client.execute(uri: "/v3/projects/\(project)", method: .get, headers: bob).status == .unauthorized)
            #expect(try await token(client, user: "bob", password: "bob-pw", project: "ops").status == .unauthorized)
        }
    }

    @Test("no token: 401; version discovery needs none")
    func anonymous() async throws {
        try await withIdentity { client, _ in
            let projects = try await client.execute(uri: "/v3/projects", method: .get)
            let version = try await client.execute(uri: "/v3", method: .get)
            let versions = try await client.execute(uri: "/", method: .get)
            #expect(projects.status == .unauthorized)
            #expect(version.status == .ok)
            #expect(versions.status == .multipleChoices)
        }
    }
}
