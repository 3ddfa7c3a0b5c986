import Configuration
import Foundation
import KumoBus
import KumoConfig

/// Settings every Kumo process shares, read once at start-up from the `ConfigReader`.
///
/// Keys: `state_dir`, `log_level`, `host` (empty: the machine's host name), the `[bus]` table (see
/// `BusSettings`), `broker.manage`, `broker.node_name`, `services.report_interval_seconds`,
/// `services.down_after_seconds`.
public struct KumoSettings: Sendable {
    public var stateDirectory: String
    public var logLevel: String
    public var host: String
    public var bus: BusSettings
    /// Whether `kumod all` starts Kumo's own RabbitMQ node when none answers (and stops it at exit).
    public var manageBroker: Bool
    public var brokerNodeName: String
    public var reportInterval: Duration
    public var downAfter: Duration
    /// The reader these settings came from, for the settings of each service module.
    public let reader: ConfigReader

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public init(reader: ConfigReader) throws {
        self.reader = reader
        func int(_ key: String, in range: ClosedRange<Int>) throws -> Int {
            let value = try reader.requiredInt(forKey: ConfigKey(key))
            guard range.contains(value) else {
                throw ConfigError("configuration key '\(key)' must be within \(range.lowerBound)…\(range.upperBound), not \(value)")
            }
            return value
        }
        func string(_ key: String, nonEmpty: Bool = true) throws -> String {
            let value = try reader.requiredString(forKey: ConfigKey(key), isSecret: key.hasSuffix("password"))
            guard !nonEmpty || !value.isEmpty else { throw ConfigError("configuration key '\(key)' must not be empty") }
            return value
        }
        stateDirectory = try string("state_dir")
        guard stateDirectory.hasPrefix("/") else {
            throw ConfigError("configuration key 'state_dir' must be an absolute path, not '\(stateDirectory)'")
        }
        logLevel = try string("log_level")
        guard Self.logLevels.contains(logLevel) else {
            throw ConfigError("configuration key 'log_level' must be one of \(Self.logLevels.joined(separator: ", "))")
        }
        let configuredHost = try string("host", nonEmpty: false)
        host = configuredHost.isEmpty ? ProcessInfo.processInfo.hostName : configuredHost
        bus = BusSettings(
            host: try string("bus.host"),
            port: try int("bus.port", in: 1...65535),
            user: try string("bus.user"),
            password: try string("bus.password"),
            vhost: try string("bus.vhost"),
            heartbeatSeconds: try int("bus.heartbeat_seconds", in: 0...3600),
            callTimeout: .seconds(try int("bus.call_timeout_seconds", in: 1...3600)),
            castTimeout: .seconds(try int("bus.cast_timeout_seconds", in: 1...3600)),
            prefetch: try int("bus.prefetch", in: 1...65535))
        manageBroker = try reader.requiredBool(forKey: "broker.manage")
        brokerNodeName = try string("broker.node_name")
        reportInterval = .seconds(try int("services.report_interval_seconds", in: 1...3600))
        downAfter = .seconds(try int("services.down_after_seconds", in: 2...86400))
        guard downAfter > reportInterval else {
            throw ConfigError("configuration key 'services.down_after_seconds' must exceed 'services.report_interval_seconds'")
        }
    }

    /// Reads the settings of a `kumod` or `kumo` process.
    ///
    /// The file is `file` if given, else `$KUMO_CONFIG`, else `/etc/kumo/kumo.conf` when it exists.
    /// - Parameter overrides: dotted keys from command-line flags.
    public static func load(
        file: String?, overrides: [String: ConfigContent] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KumoSettings {
        var file = file ?? environment["KUMO_CONFIG"]
        if file == nil, FileManager.default.fileExists(atPath: "/etc/kumo/kumo.conf") {
            file = "/etc/kumo/kumo.conf"
        }
        return try KumoSettings(reader: ConfigLoader.reader(file: file, environment: environment, overrides: overrides))
    }

    /// Where Kumo's own RabbitMQ node keeps its files.
    public var brokerDirectory: String { "\(stateDirectory)/broker" }

    /// Kumo's own broker node as these settings describe it.
    public var localBroker: LocalBroker {
        LocalBroker(directory: brokerDirectory, nodeName: brokerNodeName, port: bus.port)
    }
}
