import Foundation

/// Runs external programs (rabbitmqctl, libvirtd, qemu-img…) without blocking the cooperative pool.
public enum ProcessRunner {
    /// A program that exited non-zero.
    public struct Failure: Error, CustomStringConvertible {
        public let command: [String]
        public let status: Int32
        public let output: String
        public var description: String {
            "\(command.joined(separator: " ")) exited with \(status): \(output.suffix(2000))"
        }
    }

    /// Runs `arguments` to completion and returns its combined output; throws `Failure` on a non-zero exit.
    @discardableResult
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil
    ) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-run-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        let process = configured(arguments, environment: environment, currentDirectory: currentDirectory)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw Failure(command: arguments, status: status, output: text) }
        return text
    }

    /// Starts `arguments` in the background with output appended to `logFile`; the child outlives us.
    public static func spawn(
        _ arguments: [String], environment: [String: String]? = nil, logFile: String
    ) throws -> Int32 {
        if !FileManager.default.fileExists(atPath: logFile) {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        log.seekToEndOfFile()
        let process = configured(arguments, environment: environment, currentDirectory: nil)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
        return process.processIdentifier
    }

    private static func configured(
        _ arguments: [String], environment: [String: String]?, currentDirectory: String?
    ) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0].hasPrefix("/") ? arguments[0] : "/usr/bin/env")
        process.arguments = arguments[0].hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory {
            process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory)
        }
        return process
    }
}
