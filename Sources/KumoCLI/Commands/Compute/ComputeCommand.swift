import ArgumentParser
import KumoClient

/// `kumo compute service list|set`: the compute service's own services (`os-services`), as
/// `openstack compute service …`.
struct ComputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute", abstract: "The compute service itself.", subcommands: [Service.self])

    struct Service: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute services (scheduler, conductor, compute agents) per host.",
            subcommands: [List.self, Set.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List compute services (admin only).")

            @OptionGroup var cloud: CloudOptions
            @OptionGroup var output: OutputOptions
            @Option(help: "Only services of this host.") var host: String?
            @Option(help: "Only this binary, e.g. nova-compute.") var service: String?

            func run() async throws {
                let services = try await cloud.withCompute { try await $0.services(host: host, binary: service) }
                try output.list(
                    services,
                    columns: [
                        ("ID", "id"), ("Binary", "binary"), ("Host", "host"), ("Zone", "zone"), ("Status", "status"),
                        ("State", "state"), ("Updated At", "updated_at"), ("Disabled Reason", "disabled_reason"),
                    ])
            }
        }

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Enable or disable scheduling to a compute service (admin only).")

            @OptionGroup var cloud: CloudOptions
            @Argument(help: "The service's host.") var host: String
            @Argument(help: "The service's binary, e.g. nova-compute.") var binary: String
            @Flag(help: "Whether the scheduler may place servers on it.") var enablement: Enablement
            @Option(help: "Why it is disabled (with --disable).") var reason: String?

            func validate() throws {
                guard reason == nil || enablement == .disable else {
                    throw ValidationError("--reason goes with --disable.")
                }
            }

            func run() async throws {
                try await cloud.withCompute {
                    try await $0.setService(host: host, binary: binary, enabled: enablement.enabled, reason: reason)
                }
            }
        }
    }
}
