import Foundation
import KumoTesting
import Testing

/// The built `kumo` binary, run as a user runs it: with a cloud's openrc variables and a
/// `KUMO_HOME` of its own.
struct KumoCLIRunner {
    let environment: [String: String]

    /// Runs `kumo ARGS`: its exit status and output.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await Daemon.run("kumo", arguments, environment: environment, within: .seconds(120))
    }

    /// Runs `kumo ARGS`, which must succeed, and returns its output.
    @discardableResult
    func succeed(_ arguments: [String]) async throws -> String {
        let (status, output) = try await run(arguments)
        try #require(status == 0, "kumo \(arguments.joined(separator: " ")) exited \(status): \(output)")
        return output
    }

    /// Runs `kumo ARGS -f json` and decodes its output.
    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> T {
        try JSONDecoder().decode(type, from: Data(try await succeed(arguments + ["-f", "json"]).utf8))
    }
}
