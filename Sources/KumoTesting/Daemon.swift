import Foundation

/// A built Kumo executable (`kumod`, `kumo`) run by an integration test, as a user would run it.
public final class Daemon: Sendable {
    /// Where the built executables are: `$KUMO_BIN_DIR`, else beside the test bundle.
    public static var binDirectory: URL {
        if let directory = ProcessInfo.processInfo.environment["KUMO_BIN_DIR"] {
            return URL(fileURLWithPath: directory)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    private let process: Process
    /// Combined standard output and error.
    public let logFile: String

    /// Starts `executable` with `arguments`; `environment` is added to this process's own.
    public init(_ executable: String, _ arguments: [String], environment: [String: String], logFile: String) throws {
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        self.logFile = logFile
        try process.run()
        try? log.close()
    }

    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends `signal` and waits (to a deadline) for the exit; returns the exit status, nil if still running.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, within deadline: Duration = .seconds(30)) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return await waitForExit(within: deadline)
    }

    /// Waits (polling) for the process to exit; nil if it is still running at the deadline.
    public func waitForExit(within deadline: Duration) async -> Int32? {
        let end = ContinuousClock.now + deadline
        while process.isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    public var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Runs a Kumo executable to completion: its exit status and combined output.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        within deadline: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String) {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-\(executable)-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logFile) }
        let daemon = try Daemon(executable, arguments, environment: environment, logFile: logFile)
        guard let status = await daemon.waitForExit(within: deadline) else {
            await daemon.stop(signal: SIGKILL)
            throw DaemonError.hung(executable: executable, arguments: arguments)
        }
        return (status, daemon.output)
    }
}

/// A Kumo executable that did not finish in time.
public struct DaemonError: Error, CustomStringConvertible {
    let executable: String
    let arguments: [String]

    static func hung(executable: String, arguments: [String]) -> DaemonError {
        DaemonError(executable: executable, arguments: arguments)
    }

    public var description: String { "\(executable) \(arguments.joined(separator: " ")) did not exit in time" }
}
