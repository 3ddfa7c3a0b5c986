import ArgumentParser
import Foundation
import KumoBus
import KumoConfig
import KumoRuntime
import Logging

/// How the CLI finds the cloud: the same configuration file and `KUMO_*` variables as `kumod`.
public struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (TOML). Default: $KUMO_CONFIG, else /etc/kumo/kumo.conf if present.")
    var config: String?

    public init() {}

    func settings() throws -> KumoSettings {
        do {
            return try KumoSettings.load(file: config)
        } catch let error as ConfigError {
            throw ValidationError(error.message)
        }
    }

    /// Runs `body` with a bus connected to the cloud's broker; fails fast when the broker is unreachable.
    func withBus<T>(_ body: (Bus) async throws -> T) async throws -> T {
        var logger = Logger(label: "kumo")
        logger.logLevel = .error
        return try await Bus.connected(settings: try settings().bus, logger: logger) { bus in
            try await bus.waitUntilConnected(timeout: .seconds(5))
            return try await body(bus)
        }
    }
}
