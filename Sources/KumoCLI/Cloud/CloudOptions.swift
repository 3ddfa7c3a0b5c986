import ArgumentParser
import Foundation
import KumoClient

/// How a command signs in to the cloud: the `OS_*` variables of an openrc file, each overridden by its
/// `--os-*` flag, as python-openstackclient reads them.
public struct CloudOptions: ParsableArguments {
    @Option(name: .customLong("os-auth-url"), help: "Identity URL, e.g. http://127.0.0.1:5000/v3 (env: OS_AUTH_URL).")
    var authURL: String?
    @Option(name: .customLong("os-username"), help: "User name (env: OS_USERNAME).")
    var username: String?
    @Option(name: .customLong("os-password"), help: "Password (env: OS_PASSWORD).")
    var password: String?
    @Option(name: .customLong("os-project-name"), help: "Project to scope the token to (env: OS_PROJECT_NAME).")
    var projectName: String?
    @Option(name: .customLong("os-user-domain-name"), help: "Domain of the user (env: OS_USER_DOMAIN_NAME).")
    var userDomainName: String?
    @Option(name: .customLong("os-project-domain-name"), help: "Domain of the project (env: OS_PROJECT_DOMAIN_NAME).")
    var projectDomainName: String?

    public init() {}

    /// The environment's `OS_*` settings with the flags given laid over them.
    public func authOptions(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AuthOptions {
        var environment = environment
        let flags = [
            "OS_AUTH_URL": authURL, "OS_USERNAME": username, "OS_PASSWORD": password, "OS_PROJECT_NAME": projectName,
            "OS_USER_DOMAIN_NAME": userDomainName, "OS_PROJECT_DOMAIN_NAME": projectDomainName,
        ]
        for case let (name, value?) in flags { environment[name] = value }
        guard let options = AuthOptions.fromEnvironment(environment) else {
            throw CLIError("no identity URL: set OS_AUTH_URL (source an openrc file) or pass --os-auth-url")
        }
        return options
    }

    /// Runs `body` signed in: with the cached session of these options, else (or with `fresh`) a new one.
    func withCloud<T>(fresh: Bool = false, _ body: (CloudClient) async throws -> T) async throws -> T {
        try await CloudClient.with(try authOptions(), cache: .standard(), fresh: fresh, body)
    }
}
