import ArgumentParser
import Foundation
import KumoClient
import NIOHTTP1
import Synchronization

/// Token issue and validation over HTTP against any Identity v3 endpoint (Kumo's or Keystone), in a
/// closed loop at a fixed concurrency, like `tokenbench.py` of the anchors but without the GIL.
struct IdentityLoadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "Token issue/s and validate/s over HTTP.")

    @Option(help: "Identity v3 URL.") var authURL = "http://127.0.0.1:15055/v3"
    @Option var user = "admin"
    @Option var password = "secret"
    @Option var project = "admin"
    @Option(help: "Concurrent clients.") var concurrency = 8
    @Option(help: "Seconds per phase.") var duration = 10.0
    @Option(help: "Label of the server in the table.") var label = "Kumo"

    func run() async throws {
        let options = AuthOptions(authURL: authURL, username: user, password: password, projectName: project)
        try await KumoHTTPClient.with { http in
            let identity = IdentityClient(client: http)
            let admin = try await identity.authenticate(options)
            let issued = TokenPool()
            let issue = try await LoadRunner.run(concurrency: concurrency, duration: duration) { _ in
                issued.add(try await identity.authenticate(options).token)
            }
            let tokens = issued.all.isEmpty ? [admin.token] : issued.all
            let validate = try await LoadRunner.run(concurrency: concurrency, duration: duration) { index in
                try await http.send(
                    .GET, options.identityV3 + "/auth/tokens", token: admin.token,
                    headers: [("X-Subject-Token", tokens[index % tokens.count])])
            }
            printTable(
                "Identity over HTTP, \(label) (\(authURL)), concurrency \(concurrency), \(Int(duration)) s per phase",
                headers: ["phase", "ops", "errors", "ops/s", "p50 ms", "p99 ms"],
                rows: [issue.row(phase: "issue"), validate.row(phase: "validate")])
        }
    }
}

/// The tokens issued during the issue phase, validated in the next.
final class TokenPool: Sendable {
    private let tokens = Mutex<[String]>([])

    func add(_ token: String) {
        tokens.withLock { $0.append(token) }
    }

    var all: [String] { tokens.withLock { $0 } }
}
