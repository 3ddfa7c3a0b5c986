import ArgumentParser
import KumoCompute
import KumoIdentity
import KumoImage
import KumoMonitor
import KumoObject
import KumoRuntime
import KumoScheduler
import Logging

/// `kumod all`: the control plane of a one-machine cloud in one process (its parts still talk over
/// AMQP and HTTP): monitor, identity, image, compute-api, conductor, scheduler and, once rings exist (`kumod object ring local`), the object
/// proxy and every storage node the rings name.
struct All: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the whole control plane in one process.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings: settings, service: "all")
        try await KumoProcess.run(settings: settings, manageBroker: settings.manageBroker, logger: logger) { environment in
            var services = try MonitorServices.make(environment) + IdentityServices.make(environment)
                + ImageServices.make(environment) + ComputeServices.api(environment) + ComputeServices.conductor(environment)
                + SchedulerServices.make(environment)
            let nodes = try StorageNode.localNodes(settings: ObjectSettings(settings))
            if nodes.isEmpty {
                logger.warning("no object rings: the object store is not started (run `kumod object ring local`)")
            } else {
                services += try ObjectServices.proxy(environment)
                for node in nodes { services += try StorageNode.make(environment, node: node) }
            }
            return services
        }
    }
}
