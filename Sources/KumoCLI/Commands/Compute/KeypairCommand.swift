import ArgumentParser
import Foundation
import KumoClient

/// `kumo keypair create|list|show|delete`: the user's SSH key pairs, as `openstack keypair …`.
struct KeypairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keypair", abstract: "SSH key pairs to inject into servers.",
        subcommands: [Create.self, List.self, Show.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a public key, or have a key pair generated.",
            discussion: """
                Without --public-key the compute service generates the pair and the private key is printed: \
                it is shown this once only.
                """)

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the key pair.") var name: String
        @Option(help: "A file holding the public key to import (OpenSSH format).") var publicKey: String?

        func run() async throws {
            let key = try publicKey.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CLIError("cannot read the public key file \(path)")
                }
                return String(decoding: data, as: UTF8.self)
            }
            let keypair = try await cloud.withCompute { try await $0.createKeypair(name: name, publicKey: key) }
            if output.format == .table, let privateKey = keypair["private_key"]?.string {
                print(privateKey, terminator: privateKey.hasSuffix("\n") ? "" : "\n")
            } else {
                try output.show(keypair)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the user's key pairs.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let keypairs = try await cloud.withCompute { try await $0.keypairs() }
            try output.list(keypairs, columns: [("Name", "name"), ("Fingerprint", "fingerprint")])
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a key pair.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the key pair.") var name: String

        func run() async throws {
            try output.show(try await cloud.withCompute { try await $0.keypair(name) })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete key pairs (stopping at the first failure).")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Names of the key pairs.") var names: [String]

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("Name at least one key pair.") }
        }

        func run() async throws {
            try await cloud.withCompute { compute in
                for name in names { try await compute.deleteKeypair(name) }
            }
        }
    }
}
