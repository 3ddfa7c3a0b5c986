import Hummingbird
import KumoBus
import KumoClient
import KumoHTTP
import KumoRPC
import KumoRuntime
import KumoScheduler
import ServiceLifecycle

/// The compute control plane (Nova): `compute-api` (the Compute v2.1 API on `compute.port`) and the
/// conductor. Both use `<state_dir>/compute/compute.sqlite` and the scheduler's placement database.
public enum ComputeServices {
    public static let apiBinary = "kumo-compute-api"
    public static let conductorBinary = "kumo-conductor"

    /// compute-api: the HTTP API, token verification and its heartbeat.
    public static func api(_ environment: ServiceEnvironment) throws -> [any Service] {
        let settings = try ComputeSettings(environment.settings)
        let verification = try environment.tokenVerification()
        let client = KumoHTTPClient()
        let service = ComputeService(
            settings: settings, store: try store(environment), placement: try placement(environment), bus: environment.bus,
            images: ImageLookup(client: client, endpoint: settings.imageURL), logger: environment.logger)
        let app = Application(
            router: router(service, verification: verification),
            settings: try HTTPSettings(address: settings.listenAddress, port: settings.port), serverName: apiBinary,
            logger: environment.logger)
        return [
            verification,
            ClosureService {
                try? await gracefulShutdown()
                try await client.shutdown()
            },
            app,
            HeartbeatReporter(environment: environment, binary: apiBinary),
        ]
    }

    /// The conductor: serves topic `conductor` for the agents and the scheduler.
    public static func conductor(_ environment: ServiceEnvironment) throws -> [any Service] {
        let conductor = Conductor(
            store: try store(environment), placement: try placement(environment), bus: environment.bus,
            settings: try SchedulerSettings(environment.settings), logger: environment.logger)
        return [
            RPCServer(
                bus: environment.bus, binding: .topic(ConductorAPI.topic), dispatcher: conductor.dispatcher,
                logger: environment.logger),
            HeartbeatReporter(environment: environment, binary: conductorBinary),
        ]
    }

    /// The Compute API's routes.
    static func router(_ service: ComputeService, verification: TokenVerification) -> Router<KumoRequestContext> {
        let router = Router(errorStyle: .nova)
        router.add(middleware: MicroversionMiddleware())
        VersionController(links: service.links).register(on: router)
        router.add(middleware: TokenAuthMiddleware(verifier: verification.verifier) { await verification.refresh() })
        ServersController(service: service).register(on: router)
        ServerActionsController(service: service).register(on: router)
        InstanceActionsController(service: service).register(on: router)
        FlavorsController(service: service).register(on: router)
        KeypairsController(service: service).register(on: router)
        ServerGroupsController(service: service).register(on: router)
        LimitsController(service: service).register(on: router)
        HypervisorsController(service: service).register(on: router)
        ComputeServicesController(service: service).register(on: router)
        AvailabilityZonesController(service: service).register(on: router)
        return router
    }

    private static func store(_ environment: ServiceEnvironment) throws -> ComputeStore {
        try ComputeStore(path: ComputeStore.path(stateDirectory: environment.settings.stateDirectory))
    }

    private static func placement(_ environment: ServiceEnvironment) throws -> PlacementStore {
        try PlacementStore(path: PlacementStore.path(stateDirectory: environment.settings.stateDirectory))
    }
}
