import ArgumentParser
import Foundation
import KumoIdentity
import KumoRPC
import KumoRuntime

/// `kumod identity`: the Identity v3 API (Keystone); `kumod identity bootstrap` prepares it.
struct Identity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the identity service.", subcommands: [Serve.self, Bootstrap.self, RotateKeys.self], defaultSubcommand: Serve.self)

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the Identity API.")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            let settings = try options.settings()
            let logger = options.logger(settings: settings, service: "identity")
            try await KumoProcess.run(settings: settings, manageBroker: false, logger: logger) { environment in
                try IdentityServices.make(environment)
            }
        }
    }

    struct Bootstrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the default domain, admin project and user, service project and users, roles and catalog (idempotent).")
        @OptionGroup var options: DaemonOptions
        @Option(help: "Password of the admin user.") var password: String
        @Option(help: "Also write an openrc file (OS_AUTH_URL, OS_USERNAME …) for the admin here.") var openrc: String?

        func run() async throws {
            guard !password.isEmpty else { throw ValidationError("--password must not be empty") }
            let settings = try options.settings()
            try await IdentityServices.bootstrap(settings: settings, adminPassword: password)
            print(
                "bootstrapped identity: domain Default, projects admin and service, users admin, image and compute, "
                    + "roles admin/member/reader, catalog")
            if let openrc {
                try IdentityServices.openrc(settings: settings, adminPassword: password)
                    .write(toFile: openrc, atomically: true, encoding: .utf8)
                print("wrote \(openrc)")
            }
        }
    }

    struct RotateKeys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-keys",
            abstract: "Rotate the token signing keys: the staged key signs from now on, live tokens stay valid.")
        @OptionGroup var options: DaemonOptions
        @Flag(help: "Rotate the key files directly; only while the identity service is stopped.") var offline = false

        func run() async throws {
            let settings = try options.settings()
            let logger = options.logger(settings: settings, service: "identity")
            let rotation = try await IdentityServices.rotateKeys(settings: settings, offline: offline, logger: logger)
            print("primary key \(rotation.primaryKeyID); verifying with \(rotation.keyIDs.joined(separator: ", "))")
        }
    }
}
