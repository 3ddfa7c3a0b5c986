import ArgumentParser
import KumoClient

/// `kumo catalog list`: the services of the token's catalog and their endpoints, as `openstack catalog list`.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "The service catalog.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List services and their endpoints.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let catalog = try await cloud.withCloud { $0.session.catalog }
            try output.format.print(catalog) {
                Table(
                    headers: ["Name", "Type", "Endpoints"],
                    rows: catalog.map { service in
                        let endpoints = service.endpoints.map { "\($0.region ?? "")\n  \($0.interface): \($0.url)" }
                        return [service.name, service.type, endpoints.joined(separator: "\n")]
                    })
            }
        }
    }
}
