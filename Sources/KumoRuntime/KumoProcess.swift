import KumoBus
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a `kumod` process: optionally Kumo's own broker, then the bus and the services in one
/// `ServiceGroup` that owns SIGTERM/SIGINT. Services stop in reverse order, the bus last.
public enum KumoProcess {
    /// - Parameter makeServices: builds the services of the process from its environment.
    public static func run(
        settings: KumoSettings, manageBroker: Bool, logger: Logger,
        makeServices: (ServiceEnvironment) throws -> [any Service]
    ) async throws {
        let broker = settings.localBroker
        let startedBroker = manageBroker ? try await broker.start(logger: logger) : false
        let bus = Bus(settings: settings.bus, logger: logger)
        let environment = ServiceEnvironment(settings: settings, logger: logger, bus: bus)
        do {
            let services = try makeServices(environment)
            var configuration = ServiceGroupConfiguration(
                services: [bus] + services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            configuration.maximumGracefulShutdownDuration = .seconds(30)
            configuration.maximumCancellationDuration = .seconds(10)
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            if startedBroker { try? await broker.stop() }
            throw error
        }
        if startedBroker {
            logger.info("stopping the RabbitMQ node Kumo started", metadata: ["node": "\(broker.nodeName)"])
            try await broker.stop()
        }
    }
}
