import Foundation
import KumoClient
import KumoTesting
import Testing

/// `kumo`'s compute commands, the built binary as a user runs it, against Kumo's compute services and a
/// real guest of the tiny image.
@Suite("kumo server, flavor, keypair, hypervisor and compute service commands", .serialized, .timeLimit(.minutes(10)))
struct KumoComputeCLITests {
    typealias Object = [String: JSONValue]
    static let host = "cli1"

    @Test("flavor and keypair commands; server create --wait, console, actions with --wait, events, delete; errors")
    func commands() async throws {
        try #require(TinyGuest.missingPrerequisite() == nil)
        let cloud = try await LocalCloud.start(basePort: 16300, image: true, computeHosts: [Self.host])
        defer { cloud.shutdown() }
        let home = try TemporaryDirectory(prefix: "kumo-compute-cli-home")
        let work = try TemporaryDirectory(prefix: "kumo-compute-cli")
        let cli = KumoCLIRunner(environment: cloud.adminOpenRC.merging(["KUMO_HOME": home.path]) { $1 })
        func show(_ server: String) async throws -> Object {
            try await cli.json(Object.self, ["server", "show", server])
        }
        try await KumoHTTPClient.with { http in
            let fixture = try await ComputeCloudFixture(cloud: cloud, http: http)
            _ = try await fixture.tinyImage()

            try await cli.succeed(["flavor", "create", "k1.cli", "--vcpus", "1", "--ram", "256", "--disk", "1", "--property", "hw:cpu_policy=shared"])
            #expect(try await cli.succeed(["flavor", "list"]).contains("k1.cli"))
            #expect(try await cli.succeed(["flavor", "show", "k1.cli"]).contains("hw:cpu_policy"))
            let key = try await cli.succeed(["keypair", "create", "mykey"])
            #expect(key.contains("BEGIN OPENSSH PRIVATE KEY"))
            #expect(try await cli.succeed(["keypair", "list"]).contains("mykey"))

            let userData = work.path + "/user-data"
            try "#!/bin/sh\necho hello from kumo\n".write(toFile: userData, atomically: true, encoding: .utf8)
            let created = try await cli.succeed([
                "server", "create", "web", "--image", "kumo-tiny", "--flavor", "k1.cli", "--key-name", "mykey",
                "--user-data", userData, "--property", "role=web", "--wait",
            ])
            #expect(created.contains("ACTIVE"), "\(created)")
            let server = try await show("web")
            let id = try #require(server["id"]?.string)
            #expect(server["status"] == "ACTIVE")
            #expect(try await cli.succeed(["server", "list"]).contains("web"))

            // The guest read its config drive: instance id and the user data's first line.
            try await fixture.waitForConsole(id, "KUMO-USERDATA #!/bin/sh")
            let console = try await cli.succeed(["server", "console", "web"])
            #expect(console.contains("KUMO-INSTANCE-UUID \(id)"))
            #expect(try await cli.succeed(["server", "console", "web", "--lines", "3"]).split(separator: "\n").count <= 3)

            for (action, status) in [("pause", "PAUSED"), ("unpause", "ACTIVE"), ("suspend", "SUSPENDED"), ("resume", "ACTIVE"), ("stop", "SHUTOFF"), ("start", "ACTIVE")] {
                try await cli.succeed(["server", action, "web", "--wait"])
                #expect(try await show("web")["status"]?.string == status, "after \(action)")
            }
            try await cli.succeed(["server", "reboot", "--hard", "web", "--wait"])
            let events = try await cli.succeed(["server", "event", "list", "web"])
            for action in ["create", "pause", "suspend", "stop", "start", "reboot"] { #expect(events.contains(action), "\(events)") }

            #expect(try await cli.succeed(["hypervisor", "list"]).contains(Self.host))
            let hypervisor = try await cli.succeed(["hypervisor", "show", Self.host])
            #expect(hypervisor.contains("virt_type"), "\(hypervisor)")
            #expect(try await cli.succeed(["compute", "service", "list"]).contains("nova-compute"))

            // A host disabled takes no new server: the fault says so, host by host.
            try await cli.succeed(["compute", "service", "set", Self.host, "nova-compute", "--disable", "--reason", "maintenance"])
            let refused = try await cli.run(["server", "create", "db", "--image", "kumo-tiny", "--flavor", "k1.cli", "--wait"])
            #expect(refused.status != 0)
            #expect(refused.output.contains("\(Self.host): ComputeFilter: disabled (maintenance)"), "\(refused.output)")
            try await cli.succeed(["compute", "service", "set", Self.host, "nova-compute", "--enable"])
            try await cli.succeed(["server", "delete", "db", "--wait"])

            try await cli.succeed(["server", "delete", "web", "--wait"])
            let gone = try await cli.run(["server", "show", "web"])
            #expect(gone.status != 0)
            #expect(gone.output.contains("No server with a name or ID of 'web' exists"), "\(gone.output)")
            #expect(try await fixture.virsh(Self.host, ["list", "--all", "--name"]).isEmpty)
        }
    }
}
