import Hummingbird
import KumoClient
import KumoHTTP
import KumoRuntime
import ServiceLifecycle

/// The image service (Glance): the Image v2 API on `image.port`. Image data lives in the object store,
/// in the account of the `service` project, which the service reaches as its own user `image`.
public enum ImageServices {
    public static let binary = "kumo-image"

    public static func make(_ environment: ServiceEnvironment) throws -> [any Service] {
        let settings = try ImageSettings(environment.settings)
        let logger = environment.logger
        let verification = try environment.tokenVerification()
        let client = KumoHTTPClient()
        let session = ServiceSession(
            identity: IdentityClient(client: client), settings: environment.settings, imageSettings: settings, logger: logger)
        let objects = ImageObjects(http: client.http, session: session, logger: logger)
        let store = try ImageStore(path: try environment.stateDirectory(for: "image") + "/image.sqlite")
        let service = ImageService(settings: settings, store: store, objects: objects)
        var app = Application(
            router: router(service, verification: verification),
            settings: try HTTPSettings(address: settings.listenAddress, port: settings.port), serverName: binary,
            logger: logger)
        app.beforeServerStarts { try await store.interruptUploads() }
        let reaper = ImageReaper(store: store, objects: objects, logger: logger)
        return [
            verification,
            // Stopped after the API (services stop in reverse order), so uploads in flight finish.
            ClosureService {
                try? await gracefulShutdown()
                try await client.shutdown()
            },
            Periodic(interval: ImageReaper.interval) { await reaper.reap() },
            app,
            HeartbeatReporter(environment: environment, binary: binary),
        ]
    }

    /// The Image API's routes.
    static func router(_ service: ImageService, verification: TokenVerification) -> Router<KumoRequestContext> {
        let router = Router(errorStyle: .nova)
        router.add(middleware: TokenAuthMiddleware(verifier: verification.verifier) { await verification.refresh() })
        VersionController(base: service.settings.publicURL).register(on: router)
        ImagesController(service: service).register(on: router)
        ImageDataController(service: service).register(on: router)
        TagsController(service: service).register(on: router)
        MembersController(service: service).register(on: router)
        SchemasController().register(on: router)
        return router
    }
}
