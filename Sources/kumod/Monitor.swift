import ArgumentParser
import KumoMonitor

/// `kumod monitor`: records heartbeats and answers `kumo service list`.
struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the service monitor.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        try await options.run(service: "monitor", MonitorServices.make)
    }
}
