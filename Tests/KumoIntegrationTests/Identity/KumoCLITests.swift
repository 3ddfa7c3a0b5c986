import Foundation
import KumoBus
import KumoClient
import KumoTesting
import Testing

/// `kumo`'s identity commands, the built binary as a user runs it, against a real `kumod identity`.
@Suite("kumo identity commands against Kumo identity", .serialized, .timeLimit(.minutes(5)))
struct KumoCLITests {
    static let port = 15003
    static let password = LocalCloud.adminPassword

    typealias Object = [String: JSONValue]

    /// `$KUMO_HOME` of the test: where `kumo login` keeps the session.
    let home: TemporaryDirectory

    init() throws {
        home = try TemporaryDirectory(prefix: "kumo-cli-home")
    }

    var sessionFile: String { home.path + "/session.json" }

    /// Runs `kumo ARGS` as the admin of an openrc file (or with `environment` overrides).
    func kumo(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String
    ) {
        var base = [
            "OS_AUTH_URL": "http://127.0.0.1:\(Self.port)/v3", "OS_USERNAME": "admin", "OS_PASSWORD": Self.password,
            "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
            "OS_REGION_NAME": "RegionOne", "OS_TOKEN": "", "KUMO_HOME": home.path,
        ]
        base.merge(environment) { $1 }
        return try await Daemon.run("kumo", arguments, environment: base)
    }

    /// Runs `kumo ARGS`, which must succeed, and returns its output.
    @discardableResult
    func succeed(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let (status, output) = try await kumo(arguments, environment: environment)
        try #require(status == 0, "kumo \(arguments.joined(separator: " ")) exited \(status): \(output)")
        return output
    }

    /// Runs `kumo ARGS -f json` and decodes its output.
    func json<T: Decodable>(
        _ type: T.Type, _ arguments: [String], environment: [String: String] = [:]
    ) async throws -> T {
        let output = try await succeed(arguments + ["-f", "json"], environment: environment)
        return try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    func cachedToken() throws -> String? {
        struct Entry: Decodable {
            struct Session: Decodable { var token: String }
            var session: Session
        }
        guard let data = FileManager.default.contents(atPath: sessionFile) else { return nil }
        return try JSONDecoder().decode(Entry.self, from: data).session.token
    }

    @Test("login, token, project, user, role, assignment and catalog commands work; errors name the status")
    func commands() async throws {
        let cloud = try await LocalCloud.start(basePort: Self.port, objectStore: false)
        defer { cloud.shutdown() }
        try await eventually { try await kumo(["login"]).status == 0 }

        // login caches the session, readable by its owner only; commands reuse it.
        let mode = try FileManager.default.attributesOfItem(atPath: sessionFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let loginToken = try #require(try cachedToken())
        #expect(try await json([Object].self, ["project", "list"]).compactMap { $0["name"]?.string }.sorted() == ["admin", "service"])
        #expect(try cachedToken() == loginToken)

        // token issue issues a new token and caches it.
        let token = try await json(Object.self, ["token", "issue"])
        let tokenID = try #require(token["id"]?.string)
        #expect(tokenID.split(separator: ".").count == 3)
        #expect(Set(token.keys) == ["expires", "id", "project_id", "user_id"])
        #expect(try cachedToken() == tokenID)

        let created = try await json(Object.self, ["project", "create", "--description", "first", "demo"])
        let projectID = try #require(created["id"]?.string)
        #expect(created["enabled"] == true)
        #expect(
            try await json([Object].self, ["project", "list"]).compactMap { $0["name"]?.string }.sorted() == [
                "admin", "demo", "service",
            ])
        try await succeed(["project", "set", "--description", "changed", "demo"])
        #expect(try await json(Object.self, ["project", "show", "demo"])["description"]?.string == "changed")
        #expect(try await json(Object.self, ["project", "show", projectID])["name"]?.string == "demo")
        let table = try await succeed(["project", "show", "demo"])
        #expect(table.contains("| description | changed"), "\(table)")

        try await succeed(["user", "create", "--password", "alice-1", "--project", "demo", "alice"])
        #expect(try await json(Object.self, ["user", "show", "alice"])["default_project_id"]?.string == projectID)
        try await succeed(["role", "add", "--user", "alice", "--project", "demo", "member"])
        let assignments = try await succeed(["role", "assignment", "list", "--project", "demo", "--names"])
        #expect(assignments.contains("| member | alice@Default |       | demo@Default |"), "\(assignments)")

        // Alice, with a home of her own, logs in to her project; with the admin's home she does not get
        // the admin's session. Her cached token, revoked when her password changes, is replaced with the new one.
        let aliceHome = try TemporaryDirectory(prefix: "kumo-cli-alice")
        let alice = [
            "OS_USERNAME": "alice", "OS_PASSWORD": "alice-1", "OS_PROJECT_NAME": "demo", "KUMO_HOME": aliceHome.path,
        ]
        #expect(try await json(Object.self, ["token", "issue"], environment: alice)["project_id"]?.string == projectID)
        var aliceHere = alice
        aliceHere["KUMO_HOME"] = home.path
        let forbidden = try await kumo(["project", "list"], environment: aliceHere)
        #expect(forbidden.status != 0 && forbidden.output.contains("(HTTP 403)"), "\(forbidden.output)")
        try await succeed(["user", "set", "--password", "alice-2", "alice"])
        let stale = try await kumo(["project", "show", projectID], environment: alice)
        #expect(stale.status != 0 && stale.output.contains("(HTTP 401)"), "\(stale.output)")
        var renewed = alice
        renewed["OS_PASSWORD"] = "alice-2"
        #expect(
            try await json(Object.self, ["project", "show", projectID], environment: renewed)["name"]?.string == "demo")

        try await succeed(["role", "remove", "--user", "alice", "--project", "demo", "member"])
        #expect(try await json([Object].self, ["role", "assignment", "list", "--project", "demo"]).isEmpty)

        let catalog = try await json([Object].self, ["catalog", "list"])
        #expect(
            Set(catalog.compactMap { $0["type"]?.string }) == [
                "identity", "compute", "image", "object-store", "network",
            ])
        let catalogTable = try await succeed(["catalog", "list"])
        #expect(catalogTable.contains("| keystone | identity     | RegionOne"), "\(catalogTable)")
        #expect(catalogTable.contains("public: http://127.0.0.1:\(Self.port)/v3"), "\(catalogTable)")

        try await succeed(["user", "delete", "alice"])
        try await succeed(["project", "delete", "demo"])
        #expect(try await json([Object].self, ["project", "list"]).compactMap { $0["name"]?.string }.sorted() == ["admin", "service"])

        // Bad input: exit non-zero with identity's message and status.
        let unknown = try await kumo(["project", "show", "nope"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("kumo: Could not find project: nope. (HTTP 404)"), "\(unknown.output)")

        // A revoked token opens nothing any more.
        try await succeed(["token", "revoke", tokenID])
        let withToken = ["OS_TOKEN": tokenID, "OS_USERNAME": "", "OS_PASSWORD": ""]
        #expect(try await kumo(["project", "list"], environment: withToken).status != 0)

        // logout revokes the cached token and forgets it.
        let cached = try #require(try cachedToken())
        #expect(
            try await kumo(
                ["project", "list"], environment: ["OS_TOKEN": cached, "OS_USERNAME": "", "OS_PASSWORD": ""]
            ).status == 0)
        try await succeed(["logout"])
        #expect(!FileManager.default.fileExists(atPath: sessionFile))
        #expect(
            try await kumo(
                ["project", "list"], environment: ["OS_TOKEN": cached, "OS_USERNAME": "", "OS_PASSWORD": ""]
            ).status != 0)
    }
}
