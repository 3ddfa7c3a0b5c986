import Foundation
import KumoClient
import Synchronization
import Testing

@testable import KumoCLI

@Suite("Waiting for servers")
struct ServerWaitTests {
    static func server(_ status: String, task: String? = nil) -> [String: JSONValue] {
        ["id": "s1", "status": .string(status), "OS-EXT-STS:task_state": task.map(JSONValue.string) ?? .null]
    }

    /// Runs a wait over `answers` (nil: 404) without pausing; what it returned and what it wrote.
    static func run(
        _ goal: ServerWait.Goal, inPlace: Bool, _ answers: [[String: JSONValue]?]
    ) async throws -> (last: [String: JSONValue]?, written: String, polls: Int) {
        let written = Mutex("")
        var wait = ServerWait(goal: goal)
        wait.interval = .zero
        wait.display = ServerProgressDisplay(inPlace: inPlace)
        wait.write = { text in written.withLock { $0 += text } }
        var remaining = answers[...]
        let last = try await wait.run("s1") { remaining.popFirst() ?? nil }
        return (last, written.withLock { $0 }, answers.count - remaining.count)
    }

    @Test("progress reads status, task and elapsed seconds")
    func progressText() {
        let spawning = ServerProgress(status: "BUILD", taskState: "spawning")
        #expect(spawning.text(elapsedSeconds: 12) == "BUILD, task spawning, 12s")
        #expect(ServerProgress(status: "ACTIVE").text(elapsedSeconds: 3) == "ACTIVE, 3s")
        #expect(ServerProgress(Self.server("BUILD", task: "spawning")) == spawning)
    }

    @Test("on a terminal the status line is redrawn at each poll; elsewhere a line per change")
    func display() {
        var terminal = ServerProgressDisplay(inPlace: true)
        #expect(terminal.finish() == nil)
        #expect(terminal.update(ServerProgress(status: "BUILD"), elapsedSeconds: 0) == "\rBUILD, 0s\u{1B}[K")
        #expect(terminal.update(ServerProgress(status: "BUILD"), elapsedSeconds: 1) == "\rBUILD, 1s\u{1B}[K")
        #expect(terminal.finish() == "\n")

        var lines = ServerProgressDisplay(inPlace: false)
        #expect(lines.update(ServerProgress(status: "BUILD"), elapsedSeconds: 0) == "BUILD, 0s\n")
        #expect(lines.update(ServerProgress(status: "BUILD"), elapsedSeconds: 1) == nil)
        let spawning = ServerProgress(status: "BUILD", taskState: "spawning")
        #expect(lines.update(spawning, elapsedSeconds: 2) == "BUILD, task spawning, 2s\n")
        #expect(lines.finish() == nil)
    }

    @Test("a wait ends at the status with no task left, writing each change")
    func untilActive() async throws {
        let (last, written, polls) = try await Self.run(
            .status("ACTIVE"), inPlace: false,
            [
                Self.server("BUILD", task: "scheduling"), Self.server("BUILD", task: "spawning"),
                Self.server("BUILD", task: "spawning"), Self.server("ACTIVE", task: "spawning"), Self.server("ACTIVE"),
                Self.server("PAUSED"),
            ])
        #expect(last?["status"] == "ACTIVE" && polls == 5)
        #expect(
            written.split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") } == [
                "BUILD, task scheduling", "BUILD, task spawning", "ACTIVE, task spawning", "ACTIVE",
            ])
    }

    @Test("a server in ERROR ends the wait with its fault's message")
    func error() async throws {
        let failed: [String: JSONValue] = [
            "id": "s1", "status": "ERROR", "OS-EXT-STS:task_state": .null,
            "fault": ["code": 500, "message": "No valid host was found. There are not enough hosts available."],
        ]
        await #expect {
            try await Self.run(.status("ACTIVE"), inPlace: true, [Self.server("BUILD"), failed])
        } throws: { error in
            "\(error)" == "server s1 is in ERROR: No valid host was found. There are not enough hosts available."
        }
    }

    @Test("a wait for deletion ends at the 404 (or DELETED), even of a server in ERROR")
    func untilGone() async throws {
        let (last, written, polls) = try await Self.run(
            .gone, inPlace: true,
            [Self.server("ERROR", task: "deleting"), Self.server("ACTIVE", task: "deleting"), nil])
        #expect(last == nil && polls == 3)
        #expect(written.hasSuffix("\u{1B}[K\n"))
        #expect(try await Self.run(.gone, inPlace: false, [Self.server("DELETED")]).polls == 1)
    }
}
