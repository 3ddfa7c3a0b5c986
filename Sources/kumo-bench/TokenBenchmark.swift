import ArgumentParser
import Foundation
import KumoAuth

/// Local token verification cost, as every API service's middleware pays it.
struct TokenBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Token verification cost.")

    @Option(help: "Verifications per figure.") var iterations = 20_000

    func run() async throws {
        let result = try TokenVerifierBenchmark.run(iterations: iterations)
        printTable(
            "Token verification in the middleware (KumoAuth, Ed25519 JWS, \(result.iterations) tokens)",
            headers: ["figure", "µs per token"],
            rows: [
                ["verify, token seen before (cache)", String(format: "%.2f", result.cachedMicroseconds)],
                ["verify, new token (signature check)", String(format: "%.1f", result.uncachedMicroseconds)],
                ["bare Ed25519 signature check", String(format: "%.1f", result.signatureMicroseconds)],
            ])
    }
}
