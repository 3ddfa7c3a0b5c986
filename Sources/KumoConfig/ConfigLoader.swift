import Configuration
import Foundation
import TOMLKit

/// Builds the `ConfigReader` every Kumo process reads its settings from.
///
/// Providers, highest first: command-line overrides, `KUMO_*` environment variables, the TOML file,
/// the defaults of `ConfigSchema`. The file may hold only declared keys, with values of their type.
public enum ConfigLoader {
    /// - Parameters:
    ///   - file: the TOML file; nil reads no file.
    ///   - environment: usually the process environment; only `KUMO_*` variables matter.
    ///   - overrides: dotted keys from command-line flags.
    public static func reader(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [String: ConfigContent] = [:]
    ) throws -> ConfigReader {
        var fileValues: [String: ConfigContent] = [:]
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ConfigError("cannot read configuration file \(file): \(error.localizedDescription)")
            }
            fileValues = try parse(text, path: file)
        }
        for (key, value) in overrides { try check(key, value, source: "command line") }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: absolute(overrides)),
            EnvironmentVariablesProvider(environmentVariables: environment.filter { $0.key.hasPrefix("KUMO_") })
                .prefixKeys(with: "kumo"),
            InMemoryProvider(name: file ?? "no file", values: absolute(fileValues)),
            InMemoryProvider(
                name: "defaults",
                values: absolute(Dictionary(uniqueKeysWithValues: ConfigSchema.keys.map { ($0.name, $0.defaultValue) }))),
        ])
        try validate(reader)
        return reader
    }

    /// Flattens a TOML document to dotted keys and checks each against the schema.
    static func parse(_ text: String, path: String) throws -> [String: ConfigContent] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(path):\(error.source.begin.line): invalid TOML: \(error.description)")
        } catch {
            throw ConfigError("\(path): invalid TOML: \(error)")
        }
        var values: [String: ConfigContent] = [:]
        func flatten(_ table: TOMLTable, prefix: String) throws {
            for (key, value) in table {
                let name = prefix.isEmpty ? key : "\(prefix).\(key)"
                if let nested = value.table {
                    try flatten(nested, prefix: name)
                    continue
                }
                let content: ConfigContent
                if let int = value.int {
                    content = .int(int)
                } else if let double = value.double {
                    content = .double(double)
                } else if let bool = value.bool {
                    content = .bool(bool)
                } else if let string = value.string {
                    content = .string(string)
                } else {
                    throw ConfigError("\(path): key '\(name)' has an unsupported value type \(value.type)")
                }
                try check(name, content, source: path)
                values[name] = content
            }
        }
        try flatten(table, prefix: "")
        return values
    }

    private static func check(_ name: String, _ content: ConfigContent, source: String) throws {
        guard let declared = ConfigSchema.byName[name] else {
            throw ConfigError("\(source): unknown configuration key '\(name)'")
        }
        let matches =
            switch (declared.type, content) {
            case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string): true
            default: false
            }
        guard matches else {
            throw ConfigError("\(source): key '\(name)' must be of type \(declared.type.rawValue)")
        }
    }

    /// Reads every declared key once, so a bad environment value stops start-up naming its variable.
    private static func validate(_ reader: ConfigReader) throws {
        for key in ConfigSchema.keys {
            do {
                switch key.type {
                case .int: _ = try reader.requiredInt(forKey: ConfigKey(key.name))
                case .double: _ = try reader.requiredDouble(forKey: ConfigKey(key.name))
                case .bool: _ = try reader.requiredBool(forKey: ConfigKey(key.name))
                case .string: _ = try reader.requiredString(forKey: ConfigKey(key.name))
                }
            } catch {
                throw ConfigError(
                    "configuration key '\(key.name)' (environment \(key.environmentVariable)) must be of type \(key.type.rawValue)")
            }
        }
    }

    private static func absolute(_ values: [String: ConfigContent]) -> [AbsoluteConfigKey: ConfigValue] {
        Dictionary(uniqueKeysWithValues: values.map { (AbsoluteConfigKey(ConfigKey($0.key)), ConfigValue($0.value, isSecret: false)) })
    }
}
