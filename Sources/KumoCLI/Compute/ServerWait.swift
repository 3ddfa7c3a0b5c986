import Foundation
import KumoClient

/// A wait for a server to settle: polls it until it has the awaited status with no task under way
/// (or is gone), showing its progress on standard error; a server in ERROR ends a wait for a status with
/// its fault.
struct ServerWait {
    /// What the wait ends at.
    enum Goal: Equatable, Sendable {
        /// The status, e.g. `ACTIVE`, with no task state.
        case status(String)
        /// The server no longer exists (a 404, or `DELETED`).
        case gone
    }

    let goal: Goal
    var interval: Duration = .seconds(1)
    var display = ServerProgressDisplay(inPlace: isatty(STDERR_FILENO) != 0)
    var write: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

    /// Whether `server` (nil: gone) is where the wait ends.
    func reached(_ server: [String: JSONValue]?) -> Bool {
        let progress = server.map(ServerProgress.init)
        switch goal {
        case .gone: return progress == nil || progress?.status == "DELETED"
        case .status(let status): return progress == ServerProgress(status: status)
        }
    }

    /// Polls `fetch` (nil once the server is gone) until the goal is reached; the last answer.
    /// - Throws: a `CLIError` with the fault's message when the server goes to ERROR.
    func run(_ id: String, fetch: () async throws -> [String: JSONValue]?) async throws -> [String: JSONValue]? {
        var display = display
        let start = ContinuousClock.now
        defer { if let end = display.finish() { write(end) } }
        while true {
            let server = try await fetch()
            if let server {
                let elapsed = Int((ContinuousClock.now - start).components.seconds)
                if let text = display.update(ServerProgress(server), elapsedSeconds: elapsed) { write(text) }
            }
            if reached(server) { return server }
            if case .status = goal, let server, server["status"]?.string == "ERROR" {
                let fault = server["fault"]?["message"]?.string ?? "no fault recorded"
                throw CLIError("server \(id) is in ERROR: \(fault)")
            }
            try await Task.sleep(for: interval)
        }
    }
}

extension ComputeAPI {
    /// Waits for server `id` to reach `goal`; its last state (nil once gone).
    @discardableResult
    func wait(for id: String, _ goal: ServerWait.Goal) async throws -> Resource? {
        try await ServerWait(goal: goal).run(id) {
            do {
                return try await server(id)
            } catch let failure as APIFailure where failure.status == 404 {
                return nil
            }
        }
    }
}
