import ArgumentParser
import KumoClient

/// `kumo role assignment list`, as `openstack role assignment list`.
struct RoleAssignmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignment", abstract: "Role assignments.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List role assignments.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only those of this user (name or ID).") var user: String?
        @Option(help: "Only those of this group (name or ID).") var group: String?
        @Option(help: "Only those on this project (name or ID).") var project: String?
        @Option(help: "Only those on this domain (name or ID).") var domain: String?
        @Option(help: "Only those of this role (name or ID).") var role: String?
        @Flag(help: "Show names (user@domain) instead of IDs.") var names = false

        func run() async throws {
            let assignments = try await cloud.withCloud { cloud in
                var query = names ? ["include_names": "true"] : [:]
                let filters: [(String?, IdentityResource, String)] = [
                    (user, .user, "user.id"), (group, .group, "group.id"), (project, .project, "scope.project.id"),
                    (domain, .domain, "scope.domain.id"), (role, .role, "role.id"),
                ]
                for case let (nameOrID?, resource, key) in filters {
                    query[key] = try await cloud.findID(resource, nameOrID)
                }
                return try await cloud.list(.roleAssignment, query: query)
            }
            try output.format.print(assignments) {
                Table(
                    headers: ["Role", "User", "Group", "Project", "Domain"],
                    rows: assignments.map { assignment in
                        [
                            assignment["role"], assignment["user"], assignment["group"],
                            assignment["scope"]?["project"],
                            assignment["scope"]?["domain"],
                        ].map(Self.label)
                    })
            }
        }

        /// `name@domain` when identity gave names, else the ID; empty when absent.
        static func label(_ reference: JSONValue?) -> String {
            guard let reference else { return "" }
            guard let name = reference["name"]?.string else { return reference["id"]?.string ?? "" }
            return reference["domain"]?["name"]?.string.map { "\(name)@\($0)" } ?? name
        }
    }
}
