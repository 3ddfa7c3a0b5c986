import ArgumentParser
import KumoClient
import NIOHTTP1

/// `ROLE --user U|--group G --project P|--domain D`: one role grant, as `role add` and `role remove` name it.
struct RoleGrant: ParsableArguments {
    @Argument(help: "Role (name or ID).") var role: String
    @Option(help: "User (name or ID) to grant it to.") var user: String?
    @Option(help: "Group (name or ID) to grant it to.") var group: String?
    @Option(help: "Project (name or ID) it applies to.") var project: String?
    @Option(help: "Domain (name or ID) it applies to.") var domain: String?

    func validate() throws {
        guard (user == nil) != (group == nil) else { throw ValidationError("Give one of --user and --group.") }
        guard (project == nil) != (domain == nil) else { throw ValidationError("Give one of --project and --domain.") }
    }

    /// `PUT` (grant) or `DELETE` (revoke) `/v3/{projects|domains}/ID/{users|groups}/ID/roles/ID`.
    func send(_ method: HTTPMethod, with cloud: CloudClient) async throws {
        let (actor, actorName) = user.map { (IdentityResource.user, $0) } ?? (.group, group ?? "")
        let (target, targetName) = project.map { (IdentityResource.project, $0) } ?? (.domain, domain ?? "")
        let actorID = try await cloud.findID(actor, actorName)
        let targetID = try await cloud.findID(target, targetName)
        let roleID = try await cloud.findID(.role, role)
        try await cloud.send(
            method, "\(cloud.identityURL)/\(target.plural)/\(targetID)/\(actor.plural)/\(actorID)/roles/\(roleID)")
    }
}
