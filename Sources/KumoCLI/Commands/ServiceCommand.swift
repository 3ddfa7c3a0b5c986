import ArgumentParser
import Foundation
import KumoBus
import KumoRPC

/// `kumo service list`: every Kumo service and host, up or down, like `openstack compute service list`.
public struct ServiceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Kumo's services.", subcommands: [List.self])

    public init() {}

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List services with their state and last heartbeat.")

        @OptionGroup var client: ClientOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this service (binary), e.g. kumo-monitor.") var binary: String?
        @Option(help: "Only this host.") var host: String?

        func run() async throws {
            let list = try await client.withBus { bus in
                do {
                    return try await bus.call(
                        MonitorAPI.list, .init(binary: binary, host: host), topic: MonitorAPI.topic, timeout: .seconds(10),
                        idempotent: true)
                } catch let error as BusError {
                    throw CLIError("cannot reach the Kumo monitor: \(error)")
                }
            }
            try output.format.print(list.services) {
                Table(
                    headers: ["ID", "Binary", "Host", "State", "Last Seen", "Age"],
                    rows: list.services.map { service in
                        [
                            String(service.id), service.binary, service.host, service.state,
                            service.lastSeen.formatted(.iso8601), String(format: "%.1fs", service.ageSeconds),
                        ]
                    })
            }
        }
    }
}
