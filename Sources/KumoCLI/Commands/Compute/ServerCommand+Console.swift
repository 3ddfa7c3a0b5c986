import ArgumentParser
import Foundation

extension ServerCommand {
    /// `kumo server console SERVER [--lines N] [--follow]`.
    struct Console: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a server's console log.",
            discussion: """
                With --follow the log is read again every half second and each new line printed once, until \
                interrupted; with --lines too, each read is of that many lines, so lines that come faster \
                may be missed.
                """)

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Server name or ID.") var server: String
        @Option(help: "Only the last N lines.") var lines: Int?
        @Flag(help: "Keep printing new lines as they come.") var follow = false

        func validate() throws {
            if let lines, lines < 1 { throw ValidationError("--lines takes a count of at least 1.") }
        }

        func run() async throws {
            try await cloud.withCompute { compute in
                let id = try await compute.serverID(server)
                guard follow else {
                    Self.write(try await compute.consoleOutput(id, lines: lines))
                    return
                }
                var tail = ConsoleTail()
                while true {
                    let fresh = tail.newLines(in: try await compute.consoleOutput(id, lines: lines))
                    if !fresh.isEmpty { Self.write(fresh.map { $0 + "\n" }.joined()) }
                    try await Task.sleep(for: .milliseconds(500))
                }
            }
        }

        /// Writes to standard output at once, unbuffered, so that a follower sees each line as it comes.
        static func write(_ text: String) {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
