import ArgumentParser
import KumoBus
import KumoRuntime

/// `kumod broker start|stop|status`: Kumo's own RabbitMQ node, for `make test` and operators.
struct Broker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage Kumo's own RabbitMQ node.", subcommands: [Start.self, Stop.self, Status.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the node unless it runs; wait until it answers.")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            let settings = try options.settings()
            let started = try await settings.localBroker.start(logger: options.logger(settings: settings, service: "broker"))
            print(started ? "started \(settings.brokerNodeName) on port \(settings.bus.port)" : "already running")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the node.")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            try await options.settings().localBroker.stop()
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Exit 0 when the node answers.")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            let running = await (try options.settings()).localBroker.isRunning()
            print(running ? "running" : "stopped")
            if !running { throw ExitCode(1) }
        }
    }
}
