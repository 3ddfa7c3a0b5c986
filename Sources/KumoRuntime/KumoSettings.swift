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
        stateDirectory = try reader.string("state_dir")
        guard stateDirectory.hasPrefix("/") else {
            throw ConfigError("configuration key 'state_dir' must be an absolute path, not '\(stateDirectory)'")
        }
        logLevel = try reader.string("log_level")
        guard Self.logLevels.contains(logLevel) else {
            throw ConfigError("configuration key 'log_level' must be one of \(Self.logLevels.joined(separator: ", "))")
        }
        let configuredHost = try reader.string("host", nonEmpty: false)
        host = configuredHost.isEmpty ? ProcessInfo.processInfo.hostName : configuredHost
        bus = BusSettings(
            host: try reader.string("bus.host"),
            port: try reader.int("bus.port", in: 1...65535),
            user: try reader.string("bus.user"),
            password: try reader.string("bus.password"),
            vhost: try reader.string("bus.vhost"),
            heartbeatSeconds: try reader.int("bus.heartbeat_seconds", in: 0...3600),
            callTimeout: .seconds(try reader.int("bus.call_timeout_seconds", in: 1...3600)),
            castTimeout: .seconds(try reader.int("bus.cast_timeout_seconds", in: 1...3600)),
            prefetch: try reader.int("bus.prefetch", in: 1...65535))
        manageBroker = try reader.requiredBool(forKey: "broker.manage")
        brokerNodeName = try reader.string("broker.node_name")
        reportInterval = .seconds(try reader.int("services.report_interval_seconds", in: 1...3600))
        downAfter = .seconds(try reader.int("services.down_after_seconds", in: 2...86400))
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
