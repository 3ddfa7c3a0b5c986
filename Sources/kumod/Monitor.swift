import ArgumentParser
import KumoMonitor
import KumoRuntime

/// `kumod monitor`: records heartbeats and answers `kumo service list`.
struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the service monitor.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings: settings, service: "monitor")
        try await KumoProcess.run(settings: settings, manageBroker: false, logger: logger) { environment in
            try MonitorServices.make(environment)
        }
    }
}
