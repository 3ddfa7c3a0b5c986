import Foundation
import KumoBus
import KumoRuntime
import Logging

/// The RabbitMQ node integration tests talk to: the one `make test` started (`KUMO_TEST_BROKER_DIR`,
/// `KUMO_TEST_BROKER_PORT`), or one started here on first use and left running for later test runs.
public actor TestBroker {
    public static let shared = TestBroker(
        directory: ProcessInfo.processInfo.environment["KUMO_TEST_BROKER_DIR"] ?? "/tmp/kumo-test-broker",
        port: Int(ProcessInfo.processInfo.environment["KUMO_TEST_BROKER_PORT"] ?? "") ?? 5692)

    public let broker: LocalBroker
    private var starting: Task<Void, any Error>?

    public init(directory: String, port: Int, nodeName: String? = nil) {
        broker = LocalBroker(directory: directory, nodeName: nodeName ?? "kumo-test-\(port)@localhost", port: port)
    }

    /// Bus settings for this broker, starting it first if needed.
    public func settings() async throws -> BusSettings {
        if starting == nil {
            starting = Task { [broker] in try await broker.start(logger: Logger(label: "kumo.test.broker")) }
        }
        try await starting!.value
        return BusSettings(port: broker.port, callTimeout: .seconds(10), castTimeout: .seconds(30))
    }

    /// A new, empty virtual host on this broker that the guest user may use: a cloud of its own, so
    /// tests running at once never answer each other's calls nor hear each other's fanouts.
    public func virtualHost() async throws -> String {
        _ = try await settings()
        let name = "kumo-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await broker.ctl(["add_vhost", name])
        _ = try await broker.ctl(["set_permissions", "-p", name, "guest", ".*", ".*", ".*"])
        return name
    }
}

/// A bus connected to the test broker (or to `settings`) for the duration of `body`.
public func withTestBus<T>(
    settings: BusSettings? = nil, _ body: (Bus) async throws -> T
) async throws -> T {
    var resolved = settings
    if resolved == nil { resolved = try await TestBroker.shared.settings() }
    return try await Bus.connected(settings: resolved!, logger: Logger(label: "kumo.test.bus"), body)
}
