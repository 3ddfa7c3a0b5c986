import ArgumentParser
import KumoIdentity
import KumoImage
import KumoMonitor
import KumoRuntime

/// `kumod all`: the control plane of a one-machine cloud in one process (its parts still talk over AMQP).
struct All: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the whole control plane in one process.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings: settings, service: "all")
        try await KumoProcess.run(settings: settings, manageBroker: settings.manageBroker, logger: logger) { environment in
            try MonitorServices.make(environment) + IdentityServices.make(environment) + ImageServices.make(environment)
        }
    }
}
