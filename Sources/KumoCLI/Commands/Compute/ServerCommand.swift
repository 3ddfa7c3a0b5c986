import ArgumentParser
import KumoClient

/// `kumo server …`: the servers of the Compute API, as `openstack server …`.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Servers (virtual machines) of the compute service.",
        subcommands: [
            Create.self, List.self, Show.self, Delete.self, ServerActionCommand<Pause>.self,
            ServerActionCommand<Unpause>.self, ServerActionCommand<Suspend>.self, ServerActionCommand<Resume>.self,
            ServerActionCommand<Stop>.self, ServerActionCommand<Start>.self, Reboot.self, Console.self, Event.self,
        ])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List servers.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Flag(help: "Servers of every project (admin only).") var allProjects = false
        @Option(help: "Only servers of this status, e.g. ACTIVE.") var status: String?
        @Option(help: "Only servers whose name matches this (a regular expression, as Nova reads it).")
        var name: String?
        @Flag(help: "Show task and power state, availability zone, host and properties too.") var long = false

        func run() async throws {
            let servers = try await cloud.withCompute { compute in
                let servers = try await compute.servers(allProjects: allProjects, status: status, name: name)
                let names = try await compute.names(of: servers)
                return servers.map { ServerFields.shown($0, names: names) }
            }
            try output.list(servers, columns: ServerFields.columns + (long ? ServerFields.longColumns : []))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a server's details.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Server name or ID.") var server: String

        func run() async throws {
            try output.show(
                try await cloud.withCompute { compute in
                    let server = try await compute.findServer(server)
                    return ServerFields.shown(server, names: try await compute.names(of: [server]))
                })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete servers (stopping at the first failure).")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Server names or IDs.") var servers: [String]
        @Flag(help: "Wait until the servers are gone.") var wait = false

        func validate() throws {
            guard !servers.isEmpty else { throw ValidationError("Name at least one server.") }
        }

        func run() async throws {
            try await cloud.withCompute { compute in
                var ids: [String] = []
                for server in servers {
                    let id = try await compute.serverID(server)
                    try await compute.deleteServer(id)
                    ids.append(id)
                }
                guard wait else { return }
                for id in ids { try await compute.wait(for: id, .gone) }
            }
        }
    }
}
