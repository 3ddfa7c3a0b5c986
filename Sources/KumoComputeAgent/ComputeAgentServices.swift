import Foundation
import KumoBus
import KumoClient
import KumoRPC
import KumoRuntime
import KumoVirt
import Logging
import ServiceLifecycle

/// The compute agent of one host (`kumod compute --host NAME`): Kumo's own libvirtd for the host
/// (unless `compute.libvirt_uri` names one), the libvirt driver, and the agent serving topic
/// `compute.NAME`, following libvirt's lifecycle events and reporting the host's resources.
public enum ComputeAgentServices {
    public static let binary = "kumo-compute"

    public static func make(_ environment: ServiceEnvironment) throws -> [any Service] {
        let settings = try AgentSettings(environment.settings)
        let client = KumoHTTPClient()
        return [
            AgentService(
                environment: environment, settings: settings,
                images: ImageDownloader(client: client, settings: environment.settings, agent: settings)),
            ClosureService {
                try? await gracefulShutdown()
                try await client.shutdown()
            },
            HeartbeatReporter(environment: environment, binary: binary, topic: ComputeAgentAPI.topic(host: settings.host)),
        ]
    }
}

/// Starts the hypervisor side, reconciles, then serves until graceful shutdown. Guests and libvirtd
/// keep running when the agent stops: a restarted agent finds them again.
struct AgentService: Service {
    let environment: ServiceEnvironment
    let settings: AgentSettings
    let images: ImageDownloader

    func run() async throws {
        let logger = environment.logger
        let uri = try await libvirtURI(logger: logger)
        let choice = try VirtType.resolve(setting: settings.virtType)
        logger.info("virt type", metadata: ["virt_type": "\(choice.virtType.rawValue)", "reason": "\(choice.reason)"])
        let driver = try await LibvirtDriver.connect(
            settings: LibvirtDriverSettings(
                uri: uri, instancesDirectory: "\(settings.directory)/instances",
                imageCacheDirectory: "\(settings.directory)/images", virtType: choice.virtType,
                bridge: HostBridge(host: settings.host)),
            logger: logger)
        let agent = ComputeAgent(host: settings.host, driver: driver, bus: environment.bus, images: images, logger: logger)
        let events = try await driver.lifecycleEvents()
        try await reconcile(agent, logger: logger)
        await agent.reportHost(settings: settings, virtType: choice)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                try await RPCServer(
                    bus: environment.bus, binding: .topic(ComputeAgentAPI.topic(host: settings.host)),
                    dispatcher: agent.dispatcher, logger: logger
                ).run()
            }
            group.addTask {
                for await event in events.cancelOnGracefulShutdown() { await agent.sync(event.uuid) }
            }
            group.addTask {
                try await Periodic(interval: settings.reportInterval) { await agent.reportHost(settings: settings, virtType: choice) }.run()
            }
        }
        try await driver.close()
    }

    /// Reconciles as soon as the conductor answers (it may start after the agent).
    private func reconcile(_ agent: ComputeAgent, logger: Logger) async throws {
        while true {
            do {
                return try await agent.reconcile()
            } catch let error as BusError {
                logger.warning("cannot reconcile yet; trying again", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// `compute.libvirt_uri`, or the URI of this host's own libvirtd, started if it is not running.
    private func libvirtURI(logger: Logger) async throws -> String {
        guard settings.libvirtURI.isEmpty else { return settings.libvirtURI }
        let host = LibvirtHost(
            name: settings.host, directory: settings.libvirtDirectory,
            capabilitiesCache: "\(environment.settings.stateDirectory)/hosts/qemu-capabilities")
        try await host.start(logger: logger)
        return host.uri
    }
}
