import Foundation
import KumoRuntime
import KumoTesting
import Testing

/// The unmodified python-swiftclient (`swift` CLI) against Kumo's object store, authenticating
/// through Kumo identity (v3).
@Suite("swift CLI against the Kumo object store", .serialized, .timeLimit(.minutes(5)))
struct SwiftClientTests {
    /// A venv with python-swiftclient and keystoneclient (made once per machine, reused after).
    static func swiftCommand() async throws -> String {
        let venv = ProcessInfo.processInfo.environment["KUMO_SWIFTCLIENT_VENV"] ?? "/tmp/kumo-swiftclient"
        let command = "\(venv)/bin/swift"
        if !FileManager.default.isExecutableFile(atPath: "\(venv)/bin/keystone") || !FileManager.default.isExecutableFile(atPath: command) {
            try await ProcessRunner.run(["python3", "-m", "venv", venv])
            try await ProcessRunner.run(["\(venv)/bin/pip", "install", "-q", "python-swiftclient", "python-keystoneclient"])
        }
        return command
    }

    @Test("stat, post, upload (also segmented SLO), list with prefix and delimiter, download, delete")
    func commands() async throws {
        let cloud = try await LocalCloud.start(basePort: 15100)
        defer { cloud.shutdown() }
        let work = try TemporaryDirectory()
        let swiftCLI = try await Self.swiftCommand()
        @discardableResult
        func swift(_ arguments: [String]) async throws -> String {
            try await ProcessRunner.run([swiftCLI] + arguments, environment: cloud.adminOpenRC, currentDirectory: work.path)
        }

        #expect(try await swift(["stat"]).contains("Account: AUTH_"))
        try await swift(["post", "photos"])
        try FileManager.default.createDirectory(atPath: work.path + "/dir", withIntermediateDirectories: true)
        try Data("small file\n".utf8).write(to: URL(fileURLWithPath: work.path + "/small.txt"))
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: work.path + "/dir/a.txt"))
        try Data("b\n".utf8).write(to: URL(fileURLWithPath: work.path + "/dir/b.txt"))
        let big = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        try big.write(to: URL(fileURLWithPath: work.path + "/big.bin"))
        try await swift(["upload", "photos", "small.txt", "dir"])
        try await swift(["upload", "photos", "big.bin", "--segment-size", "1000000", "--use-slo"])

        #expect(try await swift(["list", "photos"]).lines == ["big.bin", "dir/a.txt", "dir/b.txt", "small.txt"])
        #expect(try await swift(["list", "photos", "--prefix", "dir/"]).lines == ["dir/a.txt", "dir/b.txt"])
        #expect(try await swift(["list", "photos", "--delimiter", "/"]).lines == ["big.bin", "dir/", "small.txt"])
        #expect(try await swift(["list"]).lines == ["photos", "photos_segments"])
        #expect(try await swift(["list", "photos_segments"]).lines.count == 3)
        let stat = try await swift(["stat", "photos", "big.bin"])
        #expect(stat.contains("Content Length: 3000000"))
        #expect(stat.contains("Manifest") || stat.contains("Static-Large-Object"))

        try FileManager.default.removeItem(atPath: work.path + "/big.bin")
        try await swift(["download", "photos", "big.bin"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.path + "/big.bin")) == big)
        #expect(try await swift(["download", "photos", "small.txt", "-o", "-"]) == "small file\n")

        try await swift(["post", "-m", "Color:blue", "photos", "small.txt"])
        #expect(try await swift(["stat", "photos", "small.txt"]).contains("Meta Color: blue"))

        try await swift(["delete", "photos", "small.txt"])
        try await swift(["delete", "photos", "big.bin"])
        #expect(try await swift(["list", "photos"]).lines == ["dir/a.txt", "dir/b.txt"])
        #expect(try await swift(["list", "photos_segments"]).lines.isEmpty)
        try await swift(["delete", "photos"])
        // The account listing learns of the deletion from the container servers within a second or so.
        try await eventually { !(try await swift(["list"]).lines.contains("photos")) }
    }
}
