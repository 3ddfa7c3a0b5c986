import Foundation
import KumoRuntime
import KumoTesting
import Logging
import Testing

/// What is missing to run these tests here; under `CI=true` that fails them instead of skipping.
private let missing = TinyGuest.missingPrerequisite()
private let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

@Suite(
    "The tiny image on Kumo's own libvirtd", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: missing == nil || onCI, "needs root, libvirtd, QEMU and the tiny image"))
struct TinyImageBootTests {
    init() throws {
        if let missing { throw PrerequisiteMissing(what: missing) }
    }

    @Test("the tiny image boots, prints its ready line, then heartbeats that count up")
    func bootsAndBeats() async throws {
        try await withTemporaryLibvirtHost(name: "boot") { host in
            let guest = TinyGuest(virtType: "qemu")
            do {
                try await guest.boot(on: host)
                try await guest.waitForConsole("3 heartbeats") { _ in guest.heartbeats().count >= 3 }
                let beats = guest.heartbeats()
                #expect(beats.first == 1)
                #expect(zip(beats, beats.dropFirst()).allSatisfy { $0 < $1 }, "heartbeats \(beats)")
                #expect(try await host.virsh(["list", "--name"]).contains(guest.name))
                try await guest.destroy(on: host)
                #expect(try await host.virsh(["list", "--name"]).trimmingCharacters(in: .whitespacesAndNewlines) == "")
            } catch {
                try? await guest.destroy(on: host)
                throw error
            }
        }
    }

    @Test("start on a running host returns false; stop leaves no libvirtd behind")
    func startIsIdempotentAndStopStops() async throws {
        let pid: Int32 = try await withTemporaryLibvirtHost(name: "idem") { host in
            let pid = try #require(host.daemonPID())
            #expect(try await host.start(logger: Logger(label: "kumo.test.libvirt")) == false)
            #expect(host.daemonPID() == pid)
            try await host.stop()
            #expect(host.daemonPID() == nil)
            #expect(await host.isRunning() == false)
            return pid
        }
        let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        #expect(!command.contains("libvirtd"), "pid \(pid) still runs libvirtd")
    }
}

struct PrerequisiteMissing: Error, CustomStringConvertible {
    let what: String
    var description: String { "missing prerequisite: \(what)" }
}
