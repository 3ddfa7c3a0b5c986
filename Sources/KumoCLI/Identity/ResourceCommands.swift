import ArgumentParser

/// A command group over one Keystone resource (`kumo project`); the generic subcommands below take
/// their resource from it.
protocol IdentityResourceCommand {
    static var resource: IdentityResource { get }
}

/// `kumo <resource> list`: ID and name of each, as `openstack <resource> list`.
struct ListResources<Group: IdentityResourceCommand>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List \(Group.resource.plural).")
    }

    @OptionGroup var cloud: CloudOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let members = try await cloud.withCloud { try await $0.list(Group.resource) }
        try output.list(members, columns: [("ID", "id"), ("Name", "name")])
    }
}

/// `kumo <resource> show NAME|ID`: every field of one.
struct ShowResource<Group: IdentityResourceCommand>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show a \(Group.resource.singular)'s details.")
    }

    @OptionGroup var cloud: CloudOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Name or ID.") var nameOrID: String

    func run() async throws {
        try output.show(try await cloud.withCloud { try await $0.find(Group.resource, nameOrID) })
    }
}

/// `kumo <resource> delete NAME|ID...`: deletes each in turn, stopping at the first failure.
struct DeleteResources<Group: IdentityResourceCommand>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "delete", abstract: "Delete \(Group.resource.plural).")
    }

    @OptionGroup var cloud: CloudOptions
    @Argument(help: "Names or IDs.") var namesOrIDs: [String]

    func validate() throws {
        guard !namesOrIDs.isEmpty else { throw ValidationError("Name at least one \(Group.resource.singular).") }
    }

    func run() async throws {
        try await cloud.withCloud { cloud in
            for nameOrID in namesOrIDs {
                try await cloud.delete(Group.resource, id: try await cloud.findID(Group.resource, nameOrID))
            }
        }
    }
}
