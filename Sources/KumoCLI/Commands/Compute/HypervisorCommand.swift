import ArgumentParser
import KumoClient

/// `kumo hypervisor list|show|stats`: the compute hosts' hypervisors (admin only).
struct HypervisorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hypervisor", abstract: "Hypervisors of the compute hosts (admin only).",
        subcommands: [List.self, Show.self, Stats.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List hypervisors with their usage.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let hypervisors = try await cloud.withCompute { try await $0.hypervisors() }
            try output.format.print(hypervisors) {
                Table(headers: HypervisorFields.headers, rows: hypervisors.map(HypervisorFields.row))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a hypervisor's details.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Hypervisor hostname or ID.") var hypervisor: String

        func run() async throws {
            try output.show(try await cloud.withCompute { try await $0.findHypervisor(hypervisor) })
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the sums of all hypervisors' resources.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try output.show(try await cloud.withCompute { try await $0.hypervisorStatistics() })
        }
    }
}
