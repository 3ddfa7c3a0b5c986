import Foundation
import KumoBus
import KumoTesting
import Testing

/// `kumod all` and `kumod monitor` as real processes on the test broker; `kumo service list` as a user runs it.
@Suite("Service heartbeats and kumo service list", .serialized, .timeLimit(.minutes(3)))
struct ServiceListTests {
    struct Listed: Decodable {
        var binary: String
        var host: String
        var state: String
    }

    /// Environment pointing kumod and kumo at the test broker, with fast heartbeats.
    func environment() async throws -> [String: String] {
        let settings = try await TestBroker.shared.settings()
        return [
            "KUMO_BUS_PORT": String(settings.port),
            "KUMO_BROKER_MANAGE": "false",
            "KUMO_SERVICES_REPORT_INTERVAL_SECONDS": "1",
            "KUMO_SERVICES_DOWN_AFTER_SECONDS": "3",
            "KUMO_LOG_LEVEL": "info",
            "KUMO_IDENTITY_PORT": "15000",
            "KUMO_IMAGE_PORT": "15002",
            "KUMO_IDENTITY_PASSWORD_HASH_COST": "10",
        ]
    }

    func list(_ environment: [String: String]) async throws -> [Listed] {
        let (status, output) = try await Daemon.run("kumo", ["service", "list", "-f", "json"], environment: environment)
        guard status == 0 else { return [] }
        return (try? JSONDecoder().decode([Listed].self, from: Data(output.utf8))) ?? []
    }

    func state(of host: String, in services: [Listed]) -> String? {
        services.first { $0.binary == "kumo-monitor" && $0.host == host }?.state
    }

    @Test("a service shows up, then goes down when it dies; its database is SQLite in WAL mode")
    func upThenDown() async throws {
        let environment = try await environment()
        let directory = try TemporaryDirectory()
        let hostA = "host-a-\(UUID().uuidString.prefix(6))"
        let hostB = "host-b-\(UUID().uuidString.prefix(6))"
        let all = try Daemon(
            "kumod", ["all", "--state-dir", directory.path + "/a", "--host", hostA], environment: environment,
            logFile: directory.path + "/a.log")
        let monitor = try Daemon(
            "kumod", ["monitor", "--state-dir", directory.path + "/b", "--host", hostB], environment: environment,
            logFile: directory.path + "/b.log")
        try await eventually {
            let services = try await list(environment)
            return state(of: hostA, in: services) == "up" && state(of: hostB, in: services) == "up"
        }
        #expect(FileManager.default.fileExists(atPath: directory.path + "/a/monitor/monitor.sqlite-wal"))

        #expect(await monitor.stop(signal: SIGKILL) != nil)
        var last: [Listed] = []
        try await eventually {
            last = try await list(environment)
            return state(of: hostB, in: last) == "down" && state(of: hostA, in: last) == "up"
        }
        #expect(state(of: hostB, in: last) == "down", "listed \(last); kumod all said: \(all.output)")
        let table = try await Daemon.run("kumo", ["service", "list"], environment: environment)
        #expect(table.status == 0)
        #expect(table.output.contains("kumo-identity") && table.output.contains(hostB))

        #expect(await all.stop(signal: SIGTERM) == 0, "kumod all must exit cleanly on SIGTERM: \(all.output)")
    }

    @Test("kumo service list without a broker fails at once with a clear message")
    func noBroker() async throws {
        var environment = try await environment()
        environment["KUMO_BUS_PORT"] = "1"  // nothing listens there
        let (status, output) = try await Daemon.run("kumo", ["service", "list"], environment: environment)
        #expect(status != 0)
        #expect(output.contains("cannot connect to the message broker at 127.0.0.1:1"))
    }

    @Test(
        "kumod refuses bad configuration naming the key",
        arguments: [
            ("[bus]\nprot = 5682\n", [String: String](), "bus.prot"),
            ("[bus]\nport = \"many\"\n", [:], "bus.port"),
            ("[bus]\nport = 70000\n", [:], "bus.port"),
            ("state_dir = \"relative/dir\"\n", [:], "state_dir"),
            ("[bus\n", [:], "invalid TOML"),
            ("", ["KUMO_BUS_PORT": "abc"], "KUMO_BUS_PORT"),
        ])
    func badConfiguration(file: String, environment: [String: String], named: String) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/kumo.conf"
        try file.write(toFile: path, atomically: true, encoding: .utf8)
        let (status, output) = try await Daemon.run(
            "kumod", ["all", "--config", path], environment: environment.merging(["KUMO_BROKER_MANAGE": "false"]) { $1 },
            within: .seconds(20))
        #expect(status != 0)
        #expect(output.contains(named), "\(output)")
    }
}
