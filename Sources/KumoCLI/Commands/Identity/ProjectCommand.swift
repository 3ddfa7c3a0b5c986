import ArgumentParser
import KumoClient

/// `kumo project list|show|create|set|delete`, as `openstack project …`.
struct ProjectCommand: AsyncParsableCommand, IdentityResourceCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "Projects (identity).",
        subcommands: [
            ListResources<Self>.self, ShowResource<Self>.self, Create.self, Update.self, DeleteResources<Self>.self,
        ])
    static let resource = IdentityResource.project

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the new project.") var name: String
        @Option(help: "Description.") var description: String?
        @Option(help: "Domain (name or ID) owning the project; default: Default.") var domain: String?
        @Flag(help: "Enable (default) or disable the project.") var enablement: Enablement?

        func run() async throws {
            let project = try await cloud.withCloud { cloud in
                var fields: [String: JSONValue] = ["name": .string(name)]
                fields["description"] = description.map(JSONValue.string)
                fields["enabled"] = enablement.map { .bool($0.enabled) }
                if let domain { fields["domain_id"] = .string(try await cloud.findID(.domain, domain)) }
                return try await cloud.create(.project, fields)
            }
            try output.show(project)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a project's name, description or state.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Project (name or ID).") var project: String
        @Option(help: "New name.") var name: String?
        @Option(help: "New description.") var description: String?
        @Flag(help: "Enable or disable the project.") var enablement: Enablement?

        func run() async throws {
            var fields: [String: JSONValue] = [:]
            fields["name"] = name.map(JSONValue.string)
            fields["description"] = description.map(JSONValue.string)
            fields["enabled"] = enablement.map { .bool($0.enabled) }
            try await cloud.withCloud { cloud in
                let id = try await cloud.findID(.project, project)
                try await cloud.update(.project, id: id, fields)
            }
        }
    }
}
