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
        listenAddress = try reader.string("identity.listen_address")
        port = try reader.int("identity.port", in: 1...65535)
        publicHost = try reader.string("identity.public_host")
        region = try reader.string("identity.region")
        tokenLifetime = .seconds(try reader.int("identity.token_expiration_seconds", in: 60...86400 * 7))
        maxActiveKeys = try reader.int("identity.max_active_keys", in: 3...100)
        passwordHashCost = try reader.int("identity.password_hash_cost", in: 10...20)
    }

    /// The Identity API's base URL as clients see it.
    var publicURL: String { "http://\(publicHost):\(port)" }
}
