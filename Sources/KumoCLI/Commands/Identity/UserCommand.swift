import ArgumentParser
import KumoClient

/// `kumo user list|show|create|set|delete`, as `openstack user …`.
struct UserCommand: AsyncParsableCommand, IdentityResourceCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Users (identity).",
        subcommands: [
            ListResources<Self>.self, ShowResource<Self>.self, Create.self, Update.self, DeleteResources<Self>.self,
        ])
    static let resource = IdentityResource.user

    /// What `user create` and `user set` both may give.
    struct Fields: ParsableArguments {
        @Option(help: "Password.") var password: String?
        @Option(help: "Default project (name or ID).") var project: String?
        @Option(help: "Email address.") var email: String?
        @Option(help: "Description.") var description: String?
        @Flag(help: "Enable or disable the user.") var enablement: Enablement?

        /// The fields of a create or update body, the project resolved to its ID.
        func resolved(with cloud: CloudClient) async throws -> [String: JSONValue] {
            var fields: [String: JSONValue] = [:]
            fields["password"] = password.map(JSONValue.string)
            fields["email"] = email.map(JSONValue.string)
            fields["description"] = description.map(JSONValue.string)
            fields["enabled"] = enablement.map { .bool($0.enabled) }
            if let project { fields["default_project_id"] = .string(try await cloud.findID(.project, project)) }
            return fields
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the new user.") var name: String
        @Option(help: "Domain (name or ID) owning the user; default: Default.") var domain: String?
        @OptionGroup var fields: Fields

        func run() async throws {
            let user = try await cloud.withCloud { cloud in
                var body = try await fields.resolved(with: cloud)
                body["name"] = .string(name)
                if let domain { body["domain_id"] = .string(try await cloud.findID(.domain, domain)) }
                return try await cloud.create(.user, body)
            }
            try output.show(user)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a user's name, password, default project, email or state.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "User (name or ID).") var user: String
        @Option(help: "New name.") var name: String?
        @OptionGroup var fields: Fields

        func run() async throws {
            try await cloud.withCloud { cloud in
                var body = try await fields.resolved(with: cloud)
                body["name"] = name.map(JSONValue.string)
                try await cloud.update(.user, id: try await cloud.findID(.user, user), body)
            }
        }
    }
}
