import ArgumentParser
import Configuration
import Foundation
import KumoConfig
import KumoRuntime
import Logging
import ServiceLifecycle

/// Options every `kumod` subcommand takes; they override the file and `KUMO_*` variables.
struct DaemonOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (TOML). Default: $KUMO_CONFIG, else /etc/kumo/kumo.conf if present.")
    var config: String?

    @Option(name: .long, help: "State directory (key state_dir).")
    var stateDir: String?

    @Option(name: .long, help: "This host's name (key host).")
    var host: String?

    @Option(name: .long, help: "Log level (key log_level).")
    var logLevel: String?

    /// Reads the configuration, or exits naming the bad key.
    func settings() throws -> KumoSettings {
        var overrides: [String: ConfigContent] = [:]
        if let stateDir { overrides["state_dir"] = .string(stateDir) }
        if let host { overrides["host"] = .string(host) }
        if let logLevel { overrides["log_level"] = .string(logLevel) }
        do {
            return try KumoSettings.load(file: config, overrides: overrides)
        } catch let error as ConfigError {
            throw ValidationError(error.message)
        }
    }

    /// Bootstraps logging once for the process and returns its root logger.
    func logger(settings: KumoSettings, service: String) -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "kumod")
        logger[metadataKey: "service"] = "\(service)"
        logger[metadataKey: "host"] = "\(settings.host)"
        return logger
    }
}

extension DaemonOptions {
    /// Runs one service's `Service`s in this process, on a broker that runs already.
    func run(service: String, _ make: (ServiceEnvironment) throws -> [any Service]) async throws {
        let settings = try settings()
        let logger = logger(settings: settings, service: service)
        try await KumoProcess.run(settings: settings, manageBroker: false, logger: logger, makeServices: make)
    }
}
