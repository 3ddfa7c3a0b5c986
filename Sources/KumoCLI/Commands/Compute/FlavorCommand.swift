import ArgumentParser
import KumoClient

/// `kumo flavor create|list|show|set|delete`: the flavors of the Compute API, as `openstack flavor …`.
struct FlavorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flavor", abstract: "Flavors (server sizes) of the compute service.",
        subcommands: [Create.self, List.self, Show.self, Set.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a flavor (admin only).")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the new flavor.") var name: String
        @Option(help: "Virtual CPUs.") var vcpus: Int
        @Option(help: "Memory in MiB.") var ram: Int
        @Option(help: "Root disk in GiB (0: the image's size).") var disk: Int
        @Option(help: "Ephemeral disk in GiB.") var ephemeral = 0
        @Option(help: "The flavor's ID (default: one Nova picks).") var id: String?
        @Option(help: "An extra spec to set, key=value (repeatable).") var property: [String] = []
        @Flag(help: "Only projects given access may use it.") var `private` = false

        func validate() throws {
            _ = try PropertyArguments.properties(property)
            guard vcpus >= 1, ram >= 1, disk >= 0, ephemeral >= 0 else {
                throw ValidationError("--vcpus and --ram take at least 1, --disk and --ephemeral at least 0.")
            }
        }

        func run() async throws {
            let body = FlavorFields.createBody(
                name: name, vcpus: vcpus, ramMiB: ram, diskGiB: disk, ephemeralGiB: ephemeral, id: id,
                isPublic: !`private`)
            let properties = try PropertyArguments.properties(property)
            let flavor = try await cloud.withCompute { compute in
                let flavor = try await compute.createFlavor(body)
                let id = try NameLookup.id(of: flavor, "flavor")
                if !properties.isEmpty { try await compute.setExtraSpecs(id, properties) }
                return FlavorFields.shown(flavor, extraSpecs: properties.mapValues(JSONValue.string))
            }
            try output.show(flavor)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the flavors the project may use.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try output.list(try await cloud.withCompute { try await $0.flavors() }, columns: FlavorFields.columns)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a flavor with its extra specs.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Flavor name or ID.") var flavor: String

        func run() async throws {
            try output.show(
                try await cloud.withCompute { compute in
                    let flavor = try await compute.findFlavor(flavor)
                    let specs = try await compute.extraSpecs(try NameLookup.id(of: flavor, "flavor"))
                    return FlavorFields.shown(flavor, extraSpecs: specs)
                })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a flavor's extra specs (admin only).")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Flavor name or ID.") var flavor: String
        @Option(help: "An extra spec to set, key=value (repeatable).") var property: [String] = []

        func validate() throws {
            guard !(try PropertyArguments.properties(property)).isEmpty else {
                throw ValidationError("Give at least one --property key=value.")
            }
        }

        func run() async throws {
            let properties = try PropertyArguments.properties(property)
            try await cloud.withCompute { try await $0.setExtraSpecs(try await $0.flavorID(flavor), properties) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete flavors (stopping at the first failure).")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Flavor names or IDs.") var flavors: [String]

        func validate() throws {
            guard !flavors.isEmpty else { throw ValidationError("Name at least one flavor.") }
        }

        func run() async throws {
            try await cloud.withCompute { compute in
                for flavor in flavors { try await compute.deleteFlavor(try await compute.flavorID(flavor)) }
            }
        }
    }
}
