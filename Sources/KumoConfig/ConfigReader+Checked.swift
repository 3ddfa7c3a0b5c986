import Configuration

extension ConfigReader {
    /// The integer at `key`, or a `ConfigError` naming the key when it lies outside `range`.
    public func int(_ key: String, in range: ClosedRange<Int>) throws -> Int {
        let value = try requiredInt(forKey: ConfigKey(key))
        guard range.contains(value) else {
            throw ConfigError("configuration key '\(key)' must be within \(range.lowerBound)…\(range.upperBound), not \(value)")
        }
        return value
    }

    /// The number at `key`, or a `ConfigError` naming the key when it lies outside `range`.
    public func double(_ key: String, in range: ClosedRange<Double>) throws -> Double {
        let value = try requiredDouble(forKey: ConfigKey(key))
        guard range.contains(value) else {
            throw ConfigError("configuration key '\(key)' must be within \(range.lowerBound)…\(range.upperBound), not \(value)")
        }
        return value
    }

    /// The string at `key` (secret when the key names a password), or a `ConfigError` when it must
    /// not be empty and is.
    public func string(_ key: String, nonEmpty: Bool = true) throws -> String {
        let value = try requiredString(forKey: ConfigKey(key), isSecret: key.hasSuffix("password"))
        guard !nonEmpty || !value.isEmpty else { throw ConfigError("configuration key '\(key)' must not be empty") }
        return value
    }
}
