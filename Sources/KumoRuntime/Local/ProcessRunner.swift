import Foundation

#if canImport(Glibc)
import Glibc
#endif

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

    /// Starts `arguments` as a daemon in its own session (`setsid -f`), output appended to `logFile`.
    ///
    /// The daemon is re-parented away from this process, so it outlives it and is never left a zombie
    /// here (a zombie would look alive to `rabbitmqctl stop PIDFILE`). `posix_spawn` rather than
    /// `Process`: Foundation notices a child's exit through a descriptor the daemon would inherit.
    public static func daemonize(
        _ arguments: [String], environment: [String: String]? = nil, logFile: String
    ) async throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Threads of this process block most signals; a daemon inheriting that mask (SIGCHLD above
        // all) never reaps its own children. Start it with an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = (["/usr/bin/setsid", "-f"] + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/usr/bin/setsid", &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(command: arguments, status: status, output: "posix_spawn failed") }
        // `setsid -f` exits as soon as it has forked the daemon: reap it off the cooperative pool.
        let child = pid
        let exit: Int32 = await withCheckedContinuation { continuation in
            Thread {
                var wstatus: Int32 = 0
                waitpid(child, &wstatus, 0)
                continuation.resume(returning: wstatus)
            }.start()
        }
        guard exit == 0 else { throw Failure(command: arguments, status: exit, output: "see \(logFile)") }
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
