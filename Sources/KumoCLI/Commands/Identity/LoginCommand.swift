import ArgumentParser
import Foundation
import KumoClient

/// `kumo login`: authenticates afresh and caches the session for the commands that follow.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Authenticate (OS_* variables or --os-* flags) and cache the session.",
        discussion: "The session is kept in $KUMO_HOME/session.json, else ~/.config/kumo/session.json (mode 0600).")

    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        let session = try await cloud.withCloud(fresh: true) { $0.session }
        let project = session.projectName.map { " on project \($0)" } ?? ""
        print("Logged in as \(session.userName)\(project) until \(session.expiresAt.formatted(.iso8601)).")
    }
}
