import Configuration
import KumoConfig
import KumoRuntime

/// Settings of the identity service.
///
/// Keys (table `[identity]`): `listen_address`, `port`, `public_host`, `region`,
/// `token_expiration_seconds`, `max_active_keys`, `password_hash_cost`.
struct IdentitySettings: Sendable {
    var listenAddress: String
    var port: Int
    var publicHost: String
    var region: String
    var tokenLifetime: Duration
    var maxActiveKeys: Int
    var passwordHashCost: Int

    init(_ settings: KumoSettings) throws {
        let reader = settings.reader
        func int(_ key: String, in range: ClosedRange<Int>) throws -> Int {
            let value = try reader.requiredInt(forKey: ConfigKey("identity.\(key)"))
            guard range.contains(value) else {
                throw ConfigError("configuration key 'identity.\(key)' must be within \(range.lowerBound)…\(range.upperBound)")
            }
            return value
        }
        listenAddress = try reader.requiredString(forKey: "identity.listen_address")
        port = try int("port", in: 1...65535)
        publicHost = try reader.requiredString(forKey: "identity.public_host")
        region = try reader.requiredString(forKey: "identity.region")
        tokenLifetime = .seconds(try int("token_expiration_seconds", in: 60...86400 * 7))
        maxActiveKeys = try int("max_active_keys", in: 3...100)
        passwordHashCost = try int("password_hash_cost", in: 10...20)
    }

    /// The Identity API's base URL as clients see it.
    var publicURL: String { "http://\(publicHost):\(port)" }
}
