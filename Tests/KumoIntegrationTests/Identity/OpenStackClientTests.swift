import Foundation
import KumoBus
import KumoRuntime
import KumoTesting
import Testing

/// The unmodified python-openstackclient against `kumod identity`, as an operator would use it.
@Suite("openstack CLI against Kumo identity", .serialized, .timeLimit(.minutes(5)))
struct OpenStackClientTests {
    static let port = 15001
    static let password = LocalCloud.adminPassword

    /// A venv with python-openstackclient from PyPI (made once per machine, reused after).
    static func openstackCommand() async throws -> String {
        let venv = ProcessInfo.processInfo.environment["KUMO_OSC_VENV"] ?? "/tmp/kumo-openstackclient"
        let command = "\(venv)/bin/openstack"
        if !FileManager.default.isExecutableFile(atPath: command) {
            try await ProcessRunner.run(["python3", "-m", "venv", venv])
            try await ProcessRunner.run(["\(venv)/bin/pip", "install", "-q", "python-openstackclient"])
        }
        return command
    }

    /// Runs `openstack ARGS` as the admin (or with `environment` overrides) and returns its output.
    @discardableResult
    func openstack(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        var base = [
            "OS_AUTH_URL": "http://127.0.0.1:\(Self.port)/v3", "OS_IDENTITY_API_VERSION": "3", "OS_USERNAME": "admin",
            "OS_PASSWORD": Self.password, "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default",
            "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionOne",
        ]
        base.merge(environment) { $1 }
        return try await ProcessRunner.run([try await Self.openstackCommand()] + arguments, environment: base)
    }

    @Test("token, project, user, role, assignment, catalog, endpoint, service and domain commands work")
    func commands() async throws {
        let cloud = try await LocalCloud.start(basePort: Self.port, objectStore: false)
        defer { cloud.shutdown() }
        try await eventually { (try? await openstack(["token", "issue"])) != nil }

        let token = try await openstack(["token", "issue", "-f", "value", "-c", "id"]).trimmed
        #expect(token.split(separator: ".").count == 3)

        let projectID = try await openstack(["project", "create", "--description", "first", "demo", "-f", "value", "-c", "id"]).trimmed
        #expect(try await openstack(["project", "list", "-f", "value", "-c", "Name"]).lines.sorted() == ["admin", "demo", "service"])
        try await openstack(["project", "set", "--description", "changed", "demo"])
        #expect(try await openstack(["project", "show", "demo", "-f", "value", "-c", "description"]).trimmed == "changed")
        #expect(try await openstack(["project", "show", projectID, "-f", "value", "-c", "name"]).trimmed == "demo")

        try await openstack(["user", "create", "--password", "alice-1", "--project", "demo", "alice"])
        #expect(try await openstack(["user", "list", "-f", "value", "-c", "Name"]).lines.sorted() == ["admin", "alice", "compute", "image"])
        #expect(try await openstack(["user", "show", "alice", "-f", "value", "-c", "name"]).trimmed == "alice")

        try await openstack(["role", "create", "observer"])
        #expect(Set(try await openstack(["role", "list", "-f", "value", "-c", "Name"]).lines) == ["admin", "member", "reader", "observer"])
        try await openstack(["role", "add", "--user", "alice", "--project", "demo", "member"])
        let assignments = try await openstack(["role", "assignment", "list", "--project", "demo", "--names", "-f", "value", "-c", "Role", "-c", "User"])
        #expect(assignments.lines == ["member alice@Default"])

        // Alice logs in with her password; a new password replaces the old one.
        let alice = ["OS_USERNAME": "alice", "OS_PASSWORD": "alice-1", "OS_PROJECT_NAME": "demo"]
        #expect(try await openstack(["token", "issue", "-f", "value", "-c", "project_id"], environment: alice).trimmed == projectID)
        try await openstack(["user", "set", "--password", "alice-2", "alice"])
        await #expect(throws: ProcessRunner.Failure.self) { try await openstack(["token", "issue"], environment: alice) }
        var renewed = alice
        renewed["OS_PASSWORD"] = "alice-2"
        _ = try await openstack(["token", "issue"], environment: renewed)
        // A member may not list projects.
        await #expect(throws: ProcessRunner.Failure.self) { try await openstack(["project", "list"], environment: renewed) }

        try await openstack(["role", "remove", "--user", "alice", "--project", "demo", "member"])
        #expect(try await openstack(["role", "assignment", "list", "--project", "demo", "-f", "value"]).lines.isEmpty)

        let catalog = try await openstack(["catalog", "list", "-f", "value", "-c", "Type"]).lines
        #expect(Set(catalog) == ["identity", "compute", "image", "object-store", "network"])
        #expect(try await openstack(["endpoint", "list", "-f", "value", "-c", "ID"]).lines.count == 15)
        #expect(try await openstack(["service", "list", "-f", "value", "-c", "Type"]).lines.count == 5)
        #expect(try await openstack(["domain", "list", "-f", "value", "-c", "Name"]).lines == ["Default"])

        try await openstack(["user", "delete", "alice"])
        try await openstack(["project", "delete", "demo"])
        #expect(try await openstack(["project", "list", "-f", "value", "-c", "Name"]).lines.sorted() == ["admin", "service"])

        // A revoked token no longer opens anything.
        try await openstack(["token", "revoke", token])
        let withToken = ["OS_AUTH_TYPE": "token", "OS_TOKEN": token, "OS_USERNAME": "", "OS_PASSWORD": ""]
        await #expect(throws: ProcessRunner.Failure.self) { try await openstack(["project", "list"], environment: withToken) }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    var lines: [String] { split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty } }
}
