import Foundation
import Hummingbird
import KumoAuth
import KumoBus
import KumoConfig
import KumoHTTP
import KumoRPC
import KumoRuntime
import Logging
import ServiceLifecycle

/// The identity service (Keystone): the Identity v3 API on `identity.port`, keys and revocations
/// served and announced on the bus.
public enum IdentityServices {
    public static let binary = "kumo-identity"

    public static func make(_ environment: ServiceEnvironment) throws -> [any Service] {
        let settings = try IdentitySettings(environment.settings)
        let bus = environment.bus
        let service = try IdentityService(
            directory: try environment.stateDirectory(for: "identity"), settings: settings, logger: environment.logger
        ) { announcement in
            let state =
                switch announcement {
                case .revocation(let event): IdentityAPI.VerificationState(publicKeys: nil, revocations: [event])
                case .keys(let keys): IdentityAPI.VerificationState(publicKeys: keys, revocations: [])
                }
            try? await bus.fanout(IdentityAPI.announce, state, group: IdentityAPI.announcements)
        }
        var dispatcher = RPCDispatcher()
        dispatcher.register(IdentityAPI.verificationState) { _, _ in
            IdentityAPI.VerificationState(
                publicKeys: try service.keys.publicKeys(), revocations: service.revocations.events)
        }
        dispatcher.register(IdentityAPI.rotateKeys) { _, _ in
            let rotation = try await service.rotateKeys()
            return IdentityAPI.KeyRotation(primaryKeyID: rotation.primary, keyIDs: rotation.publicKeys.keys.sorted())
        }
        var app = Application(
            router: router(service), settings: try HTTPSettings(address: settings.listenAddress, port: settings.port),
            serverName: "kumo-identity", logger: environment.logger)
        app.beforeServerStarts { try await service.loadRevocations() }
        return [
            RPCServer(bus: bus, binding: .topic(IdentityAPI.topic), dispatcher: dispatcher, logger: environment.logger),
            HeartbeatReporter(environment: environment, binary: binary, topic: IdentityAPI.topic),
            app,
        ]
    }

    /// The Identity API's routes.
    static func router(_ service: IdentityService) -> Router<KumoRequestContext> {
        let router = Router(errorStyle: .keystone)
        router.add(middleware: TokenAuthMiddleware(verifier: service.verifier))
        VersionController(service: service).register(on: router)
        AuthController(service: service).register(on: router)
        ProjectsController(service: service).register(on: router)
        UsersController(service: service).register(on: router)
        GroupsController(service: service).register(on: router)
        DomainsController(service: service).register(on: router)
        RolesController(service: service).register(on: router)
        RoleAssignmentsController(service: service).register(on: router)
        CatalogController(service: service).register(on: router)
        RegionsController(service: service).register(on: router)
        return router
    }

    /// An openrc file for the admin user, as `openstack` and `kumo` read it.
    public static func openrc(settings kumo: KumoSettings, adminPassword: String) throws -> String {
        let settings = try IdentitySettings(kumo)
        return """
            # Kumo admin credentials: source this file, then use `openstack` or `kumo`.
            export OS_AUTH_URL=\(settings.publicURL)/v3
            export OS_IDENTITY_API_VERSION=3
            export OS_USERNAME=admin
            export OS_PASSWORD='\(adminPassword.replacingOccurrences(of: "'", with: "'\\''"))'
            export OS_PROJECT_NAME=admin
            export OS_USER_DOMAIN_NAME=Default
            export OS_PROJECT_DOMAIN_NAME=Default
            export OS_REGION_NAME=\(settings.region)

            """
    }

    /// `kumod identity rotate-keys`: asks the running identity service to rotate its signing keys, or
    /// with `offline` rotates the key files of a stopped one.
    public static func rotateKeys(settings kumo: KumoSettings, offline: Bool, logger: Logger) async throws -> IdentityAPI.KeyRotation {
        if offline {
            let settings = try IdentitySettings(kumo)
            let keys = try KeyRepository(
                directory: "\(kumo.stateDirectory)/identity/keys", maxActiveKeys: settings.maxActiveKeys)
            try keys.setUp()
            try keys.rotate()
            return IdentityAPI.KeyRotation(primaryKeyID: try keys.signer().kid, keyIDs: try keys.publicKeys().keys.sorted())
        }
        return try await Bus.connected(settings: kumo.bus, logger: logger) { bus in
            try await bus.waitUntilConnected(timeout: .seconds(10))
            return try await bus.call(IdentityAPI.rotateKeys, Empty(), topic: IdentityAPI.topic, timeout: .seconds(10))
        }
    }

    /// `kumod identity bootstrap`: creates (idempotently) the default domain, admin project and user,
    /// the service project and the users of the image and compute services, roles and the catalog of
    /// every Kumo service. A service user's password is `<service>.service_password`, else the one saved
    /// in the service's state directory, else a new one saved there.
    public static func bootstrap(settings kumo: KumoSettings, adminPassword: String) async throws {
        let settings = try IdentitySettings(kumo)
        let directory = "\(kumo.stateDirectory)/identity"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try IdentityStore(path: "\(directory)/identity.sqlite")
        let hasher = PasswordHasher(cost: ScryptCost(logN: settings.passwordHashCost))
        let plan = Bootstrap(
            accounts: Bootstrap.kumoAccounts(
                adminPassword: adminPassword,
                servicePasswords: try Dictionary(
                    uniqueKeysWithValues: Bootstrap.serviceUsers.map { ($0, try kumo.servicePassword(for: $0, create: true)) })),
            region: settings.region,
            services: Bootstrap.kumoServices(
                host: settings.publicHost, identityURL: "\(settings.publicURL)/v3",
                objectPort: try kumo.reader.int("object.proxy_port", in: 1...65535),
                imagePort: try kumo.reader.int("image.port", in: 1...65535),
                computePort: try kumo.reader.int("compute.port", in: 1...65535)))
        var hashes: [String: String] = [:]
        for account in plan.accounts { hashes[account.user] = try hasher.hash(account.password) }
        try await store.write { [hashes] db in
            try plan.apply(db, passwordHashes: hashes, verify: { hasher.verify($0, against: $1) })
        }
    }
}
