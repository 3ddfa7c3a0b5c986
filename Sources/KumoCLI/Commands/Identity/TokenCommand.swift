import ArgumentParser
import Foundation
import KumoClient

/// `kumo token issue|revoke`, as `openstack token …`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Identity tokens.", subcommands: [Issue.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a new token (it becomes the cached session).")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let session = try await cloud.withCloud(fresh: true) { $0.session }
            try output.show([
                "expires": .string(session.expiresAt.formatted(.iso8601)), "id": .string(session.token),
                "project_id": session.projectID.map(JSONValue.string) ?? .null, "user_id": .string(session.userID),
            ])
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "The token to revoke.") var token: String

        func run() async throws {
            try await cloud.withCloud { cloud in
                try await IdentityClient(client: cloud.http).revoke(token, options: cloud.auth, token: cloud.token)
            }
        }
    }
}
