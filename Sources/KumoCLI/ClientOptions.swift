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

    @Option(name: [.customShort("f"), .long], help: "Output format: table or json.")
    var format: OutputFormat = .table

    public init() {}

    func settings() throws -> KumoSettings {
        let environment = ProcessInfo.processInfo.environment
        var file = config ?? environment["KUMO_CONFIG"]
        if file == nil, FileManager.default.fileExists(atPath: "/etc/kumo/kumo.conf") {
            file = "/etc/kumo/kumo.conf"
        }
        do {
            return try KumoSettings(reader: ConfigLoader.reader(file: file, environment: environment))
        } catch let error as ConfigError {
            throw ValidationError(error.message)
        }
    }

    /// Runs `body` with a bus connected to the cloud's broker.
    func withBus<T>(_ body: (Bus) async throws -> T) async throws -> T {
        var logger = Logger(label: "kumo")
        logger.logLevel = .error
        let bus = Bus(settings: try settings().bus, logger: logger)
        bus.start()
        do {
            try await bus.waitUntilConnected(timeout: .seconds(5))
            let result = try await body(bus)
            await bus.shutdown()
            return result
        } catch {
            await bus.shutdown()
            throw error
        }
    }
}
