import Configuration
import KumoBus
import KumoConfig
import KumoRuntime
import Testing

/// Settings read from the schema defaults under `overrides`.
private func settings(_ overrides: [String: ConfigContent]) throws -> KumoSettings {
    try KumoSettings(reader: ConfigLoader.reader(file: nil, environment: [:], overrides: overrides))
}

/// The message of the `ConfigError` thrown for `overrides`; records an issue when none is thrown.
private func error(for overrides: [String: ConfigContent], sourceLocation: SourceLocation = #_sourceLocation) -> String {
    do {
        _ = try settings(overrides)
        Issue.record("settings \(overrides) were accepted", sourceLocation: sourceLocation)
    } catch let error as ConfigError {
        return error.message
    } catch {
        Issue.record("expected a ConfigError, got \(error)", sourceLocation: sourceLocation)
    }
    return ""
}

@Suite("Kumo settings")
struct KumoSettingsTests {
    @Test("the schema defaults make valid settings")
    func defaults() throws {
        let settings = try settings(["host": .string("node1")])
        #expect(settings.stateDirectory == "/var/lib/kumo")
        #expect(settings.logLevel == "info")
        #expect(settings.host == "node1")
        #expect(settings.bus == BusSettings())
        #expect(settings.manageBroker)
        #expect(settings.brokerNodeName == "kumo@localhost")
        #expect(settings.reportInterval == .seconds(10))
        #expect(settings.downAfter == .seconds(60))
        #expect(settings.brokerDirectory == "/var/lib/kumo/broker")
    }

    @Test("an empty host means the machine's host name")
    func emptyHostIsMachineName() throws {
        #expect(!(try settings([:]).host.isEmpty))
    }

    @Test("valid settings map to the bus settings")
    func mapsToBusSettings() throws {
        let settings = try settings([
            "state_dir": .string("/tmp/kumo-x"),
            "log_level": .string("debug"),
            "bus.host": .string("10.0.0.5"),
            "bus.port": .int(5700),
            "bus.user": .string("kumo"),
            "bus.password": .string("s3cret"),
            "bus.vhost": .string("/kumo"),
            "bus.heartbeat_seconds": .int(0),
            "bus.call_timeout_seconds": .int(5),
            "bus.cast_timeout_seconds": .int(7),
            "bus.prefetch": .int(8),
            "broker.manage": .bool(false),
            "broker.node_name": .string("rabbit@node1"),
            "services.report_interval_seconds": .int(3),
            "services.down_after_seconds": .int(4),
        ])
        #expect(
            settings.bus
                == BusSettings(
                    host: "10.0.0.5", port: 5700, user: "kumo", password: "s3cret", vhost: "/kumo", heartbeatSeconds: 0,
                    callTimeout: .seconds(5), castTimeout: .seconds(7), prefetch: 8))
        #expect(settings.stateDirectory == "/tmp/kumo-x")
        #expect(settings.logLevel == "debug")
        #expect(!settings.manageBroker)
        #expect(settings.brokerNodeName == "rabbit@node1")
        #expect(settings.reportInterval == .seconds(3))
        #expect(settings.downAfter == .seconds(4))
        #expect(settings.localBroker.port == 5700)
    }

    @Test("the bus port must be within 1…65535", arguments: [0, -1, 65536, 70000])
    func portOutOfRange(_ port: Int) {
        let message = error(for: ["bus.port": .int(port)])
        #expect(message.contains("'bus.port'"))
        #expect(message.contains("\(port)"))
    }

    @Test("the bus port limits themselves are accepted", arguments: [1, 65535])
    func portLimits(_ port: Int) throws {
        #expect(try settings(["bus.port": .int(port)]).bus.port == port)
    }

    @Test("other numeric keys are range-checked too",
          arguments: ["bus.heartbeat_seconds": -1, "bus.call_timeout_seconds": 0, "bus.cast_timeout_seconds": 3601,
                      "bus.prefetch": 0, "services.report_interval_seconds": 0, "services.down_after_seconds": 1])
    func rangeChecked(_ key: String, _ value: Int) {
        #expect(error(for: [key: .int(value)]).contains("'\(key)'"))
    }

    @Test("a relative state directory is refused", arguments: ["var/lib/kumo", "./state", "~/kumo"])
    func relativeStateDirectory(_ path: String) {
        let message = error(for: ["state_dir": .string(path)])
        #expect(message.contains("'state_dir'"))
        #expect(message.contains(path))
    }

    @Test("an empty state directory is refused")
    func emptyStateDirectory() {
        #expect(error(for: ["state_dir": .string("")]).contains("'state_dir'"))
    }

    @Test("an unknown log level is refused", arguments: ["verbose", "INFO", ""])
    func unknownLogLevel(_ level: String) {
        #expect(error(for: ["log_level": .string(level)]).contains("'log_level'"))
    }

    @Test("every documented log level is accepted", arguments: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
    func knownLogLevels(_ level: String) throws {
        #expect(try settings(["log_level": .string(level)]).logLevel == level)
    }

    @Test("the down time must exceed the report interval", arguments: [(10, 10), (10, 5), (30, 29)])
    func downAfterMustExceedInterval(_ interval: Int, _ downAfter: Int) {
        let message = error(for: [
            "services.report_interval_seconds": .int(interval), "services.down_after_seconds": .int(downAfter),
        ])
        #expect(message.contains("'services.down_after_seconds'"))
    }

    @Test("an empty bus host or broker node name is refused", arguments: ["bus.host", "bus.user", "broker.node_name"])
    func emptyStrings(_ key: String) {
        #expect(error(for: [key: .string("")]).contains("'\(key)'"))
    }
}
