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
            let issue = try await Self.load(concurrency: concurrency, duration: duration) {
                issued.add(try await identity.authenticate(options).token)
            }
            let tokens = issued.all.isEmpty ? [admin.token] : issued.all
            let validate = try await Self.load(concurrency: concurrency, duration: duration) { index in
                try await http.send(
                    .GET, options.identityV3 + "/auth/tokens", token: admin.token,
                    headers: [("X-Subject-Token", tokens[index % tokens.count])])
            }
            printTable(
                "Identity over HTTP, \(label) (\(authURL)), concurrency \(concurrency), \(Int(duration)) s per phase",
                headers: ["phase", "ops", "errors", "ops/s", "p50 ms", "p99 ms"],
                rows: [issue.row("issue"), validate.row("validate")])
        }
    }

    struct Outcome {
        var latencies: [Double]
        var errors: Int
        var elapsed: Double

        func row(_ phase: String) -> [String] {
            guard !latencies.isEmpty else { return [phase, "0", String(errors), "-", "-", "-"] }
            let samples = Samples(latencies)
            return [
                phase, String(latencies.count), String(errors), String(format: "%.0f", Double(latencies.count) / elapsed),
                String(format: "%.2f", samples.median * 1000), String(format: "%.2f", samples.percentile(99) * 1000),
            ]
        }
    }

    /// Runs `operation` in `concurrency` closed loops for `duration` seconds.
    static func load(
        concurrency: Int, duration: Double, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + .seconds(duration)
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var index = worker
                    while clock.now < end {
                        let began = clock.now
                        do {
                            try await operation(index)
                            latencies.append((clock.now - began).seconds)
                        } catch {
                            errors += 1
                        }
                        index += concurrency
                    }
                    return (latencies, errors)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for await (latencies, errors) in group {
                all.0 += latencies
                all.1 += errors
            }
            return all
        }
        return Outcome(latencies: results.0, errors: results.1, elapsed: (clock.now - start).seconds)
    }

    static func load(
        concurrency: Int, duration: Double, _ operation: @escaping @Sendable () async throws -> Void
    ) async throws -> Outcome {
        try await load(concurrency: concurrency, duration: duration) { (_: Int) in try await operation() }
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
