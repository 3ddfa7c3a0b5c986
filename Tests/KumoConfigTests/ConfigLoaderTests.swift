import Configuration
import Foundation
import Testing

@testable import KumoConfig

/// A TOML file in a fresh temporary directory, removed with the value.
private final class ConfigFile {
    let directory: URL
    let path: String

    init(_ text: String) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kumo-config-test-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("kumo.conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The message of the `ConfigError` `body` throws; records an issue when it throws nothing or something else.
private func configError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    do {
        try body()
        Issue.record("expected a ConfigError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ConfigError {
        return error.message
    } catch {
        Issue.record("expected a ConfigError, got \(error)", sourceLocation: sourceLocation)
    }
    return ""
}

@Suite("Config loader")
struct ConfigLoaderTests {
    @Test("every key has its schema default when there is no file, environment or override")
    func defaultsWithoutFile() throws {
        let reader = try ConfigLoader.reader(file: nil, environment: [:])
        #expect(reader.int(forKey: "bus.port") == 5682)
        #expect(reader.string(forKey: "bus.host") == "127.0.0.1")
        #expect(reader.string(forKey: "state_dir") == "/var/lib/kumo")
        #expect(reader.bool(forKey: "broker.manage") == true)
        #expect(reader.int(forKey: "services.down_after_seconds") == 60)
    }

    @Test("a value in the file beats the default")
    func fileBeatsDefault() throws {
        let file = try ConfigFile("""
            log_level = "debug"
            [bus]
            port = 6000
            [broker]
            manage = false
            """)
        let reader = try ConfigLoader.reader(file: file.path, environment: [:])
        #expect(reader.int(forKey: "bus.port") == 6000)
        #expect(reader.string(forKey: "log_level") == "debug")
        #expect(reader.bool(forKey: "broker.manage") == false)
        #expect(reader.string(forKey: "bus.host") == "127.0.0.1")
    }

    @Test("a KUMO_ environment variable beats the file")
    func environmentBeatsFile() throws {
        let file = try ConfigFile("[bus]\nport = 6000\nhost = \"10.0.0.1\"\n")
        let reader = try ConfigLoader.reader(
            file: file.path, environment: ["KUMO_BUS_PORT": "7000", "KUMO_LOG_LEVEL": "error"])
        #expect(reader.int(forKey: "bus.port") == 7000)
        #expect(reader.string(forKey: "log_level") == "error")
        #expect(reader.string(forKey: "bus.host") == "10.0.0.1")
    }

    @Test("environment variables without the KUMO_ prefix are ignored")
    func otherEnvironmentIgnored() throws {
        let reader = try ConfigLoader.reader(file: nil, environment: ["BUS_PORT": "7000", "PORT": "1"])
        #expect(reader.int(forKey: "bus.port") == 5682)
    }

    @Test("an override beats the environment")
    func overrideBeatsEnvironment() throws {
        let file = try ConfigFile("[bus]\nport = 6000\n")
        let reader = try ConfigLoader.reader(
            file: file.path, environment: ["KUMO_BUS_PORT": "7000"], overrides: ["bus.port": .int(8000)])
        #expect(reader.int(forKey: "bus.port") == 8000)
    }

    @Test("an unknown key in the file is refused, naming the key and the file")
    func unknownKeyInFile() throws {
        let file = try ConfigFile("[bus]\nprot = 6000\n")
        let message = configError { _ = try ConfigLoader.reader(file: file.path, environment: [:]) }
        #expect(message.contains("bus.prot"))
        #expect(message.contains(file.path))
    }

    @Test("an unknown top-level table is refused, naming the key")
    func unknownTable() throws {
        let file = try ConfigFile("[compute]\nenabled = true\n")
        let message = configError { _ = try ConfigLoader.reader(file: file.path, environment: [:]) }
        #expect(message.contains("compute.enabled"))
    }

    @Test("a value of the wrong type in the file is refused, naming the key",
          arguments: ["[bus]\nport = \"x\"\n", "[bus]\nhost = 1\n", "[broker]\nmanage = \"yes\"\n", "[bus]\nport = 1.5\n"])
    func wrongTypeInFile(_ text: String) throws {
        let file = try ConfigFile(text)
        let message = configError { _ = try ConfigLoader.reader(file: file.path, environment: [:]) }
        let key = text.contains("port") ? "bus.port" : text.contains("host") ? "bus.host" : "broker.manage"
        #expect(message.contains("'\(key)'"))
        #expect(message.contains(file.path))
    }

    @Test("a bad environment value is refused, naming the variable")
    func badEnvironmentValue() {
        let message = configError { _ = try ConfigLoader.reader(file: nil, environment: ["KUMO_BUS_PORT": "abc"]) }
        #expect(message.contains("KUMO_BUS_PORT"))
        #expect(message.contains("bus.port"))
    }

    @Test("a bad boolean environment value is refused, naming the variable")
    func badBooleanEnvironmentValue() {
        let message = configError { _ = try ConfigLoader.reader(file: nil, environment: ["KUMO_BROKER_MANAGE": "maybe"]) }
        #expect(message.contains("KUMO_BROKER_MANAGE"))
    }

    @Test("an override of an unknown key or of the wrong type is refused, naming the key")
    func badOverride() {
        let unknown = configError { _ = try ConfigLoader.reader(file: nil, environment: [:], overrides: ["bus.nope": .int(1)]) }
        #expect(unknown.contains("bus.nope"))
        let wrongType = configError {
            _ = try ConfigLoader.reader(file: nil, environment: [:], overrides: ["bus.port": .string("x")])
        }
        #expect(wrongType.contains("bus.port"))
    }

    @Test("invalid TOML is refused, naming the file", arguments: ["[bus\nport = 1\n", "port = \n", "a = \"unterminated\n"])
    func invalidTOML(_ text: String) throws {
        let file = try ConfigFile(text)
        let message = configError { _ = try ConfigLoader.reader(file: file.path, environment: [:]) }
        #expect(message.contains(file.path))
        #expect(message.contains("invalid TOML"))
    }

    @Test("a missing file is refused, naming it")
    func missingFile() {
        let path = "/nonexistent-\(UUID().uuidString)/kumo.conf"
        let message = configError { _ = try ConfigLoader.reader(file: path, environment: [:]) }
        #expect(message.contains(path))
    }

    @Test("each key's environment variable is KUMO_ and its dotted name in upper case")
    func environmentVariableNames() throws {
        let port = try #require(ConfigSchema.keys.first { $0.name == "bus.port" })
        #expect(port.environmentVariable == "KUMO_BUS_PORT")
        let downAfter = try #require(ConfigSchema.keys.first { $0.name == "services.down_after_seconds" })
        #expect(downAfter.environmentVariable == "KUMO_SERVICES_DOWN_AFTER_SECONDS")
    }

    @Test("every key can be set through its environment variable")
    func everyKeyFromEnvironment() throws {
        var environment: [String: String] = [:]
        for key in ConfigSchema.keys {
            switch key.type {
            case .int: environment[key.environmentVariable] = "4242"
            case .double: environment[key.environmentVariable] = "2.5"
            case .bool: environment[key.environmentVariable] = "false"
            case .string: environment[key.environmentVariable] = "from-env"
            }
        }
        let reader = try ConfigLoader.reader(file: nil, environment: environment)
        for key in ConfigSchema.keys {
            switch key.type {
            case .int: #expect(reader.int(forKey: ConfigKey(key.name)) == 4242, "\(key.name)")
            case .double: #expect(reader.double(forKey: ConfigKey(key.name)) == 2.5, "\(key.name)")
            case .bool: #expect(reader.bool(forKey: ConfigKey(key.name)) == false, "\(key.name)")
            case .string: #expect(reader.string(forKey: ConfigKey(key.name)) == "from-env", "\(key.name)")
            }
        }
    }
}

@Suite("Documented configuration file")
struct DocumentedConfigTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("etc/kumo.conf").path

    @Test("etc/kumo.conf lists exactly the keys of the schema, each with its default")
    func documentedFileMatchesSchema() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let values = try ConfigLoader.parse(text, path: Self.path)
        let documented = Set(values.keys)
        let declared = Set(ConfigSchema.keys.map(\.name))
        #expect(documented.subtracting(declared).isEmpty, "documented but not declared")
        #expect(declared.subtracting(documented).isEmpty, "declared but not documented")
        for key in ConfigSchema.keys {
            #expect(values[key.name] == key.defaultValue, "default of \(key.name)")
        }
    }

    @Test("etc/kumo.conf loads as a configuration file")
    func documentedFileLoads() throws {
        let reader = try ConfigLoader.reader(file: Self.path, environment: [:])
        #expect(reader.int(forKey: "bus.port") == 5682)
    }
}
