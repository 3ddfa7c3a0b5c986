import ArgumentParser
import KumoClient
import NIOHTTP1

/// `kumo role list|show|create|delete|add|remove` and `kumo role assignment list`, as `openstack role …`.
struct RoleCommand: AsyncParsableCommand, IdentityResourceCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Roles and their assignments (identity).",
        subcommands: [
            ListResources<Self>.self, ShowResource<Self>.self, Create.self, DeleteResources<Self>.self, Add.self,
            Remove.self, RoleAssignmentCommand.self,
        ])
    static let resource = IdentityResource.role

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a role.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the new role.") var name: String
        @Option(help: "Description.") var description: String?

        func run() async throws {
            var fields: [String: JSONValue] = ["name": .string(name)]
            fields["description"] = description.map(JSONValue.string)
            try output.show(try await cloud.withCloud { try await $0.create(.role, fields) })
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant a role to a user or group on a project or domain.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var grant: RoleGrant

        func run() async throws {
            try await cloud.withCloud { try await grant.send(.PUT, with: $0) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a role from a user or group on a project or domain.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var grant: RoleGrant

        func run() async throws {
            try await cloud.withCloud { try await grant.send(.DELETE, with: $0) }
        }
    }
}
