import Foundation
import KumoLibvirt
import KumoRuntime
import KumoTesting
import Testing

/// The tiny guest driven through libvirt's C API (KumoLibvirt) on Kumo's own libvirtd: the calls the
/// compute agent makes, judged by the guest's serial console.
@Suite("libvirt C API", .serialized, .timeLimit(.minutes(5)))
struct LibvirtAPITests {
    @Test("define, start, pause, unpause, managed save, restore, destroy, undefine")
    func lifecycle() async throws {
        if let missing = TinyGuest.missingPrerequisite() {
            Issue.record("cannot boot guests here: \(missing)")
            return
        }
        try await withTemporaryLibvirtHost(name: "api") { host in
            let guest = TinyGuest()
            try await guest.prepare()
            defer { try? FileManager.default.removeItem(atPath: guest.directory) }
            let connection = try LibvirtConnection(uri: host.uri)
            let domain = try connection.define(xml: guest.domainXML)
            #expect(try connection.domainNames().contains(guest.name))
            #expect(try domain.state() == .shutoff)
            try domain.start()
            try await guest.waitForConsole("KUMO-GUEST-READY", timeout: .seconds(120)) { $0.contains("KUMO-GUEST-READY") }
            #expect(try domain.state() == .running)

            // Paused: the heartbeat counter stops; unpaused: it goes on.
            try await guest.waitForConsole("heartbeats", timeout: .seconds(30)) { _ in guest.heartbeats().count >= 3 }
            try domain.pause()
            #expect(try domain.state() == .paused)
            let whilePaused = guest.heartbeats().last ?? 0
            try await Task.sleep(for: .seconds(1))
            #expect(guest.heartbeats().last == whilePaused)
            try domain.unpause()
            try await guest.waitForConsole("heartbeat after unpause", timeout: .seconds(30)) {
                _ in (guest.heartbeats().last ?? 0) > whilePaused
            }

            // Managed save: memory on disk, QEMU gone; restore continues the counter, not from zero.
            let beforeSave = guest.heartbeats().last ?? 0
            try domain.managedSave()
            #expect(try domain.state() == .suspended)
            #expect(await Self.qemuRuns(guest: guest.name) == false)
            try domain.start()
            #expect(try domain.state() == .running)
            try await guest.waitForConsole("heartbeat after restore", timeout: .seconds(60)) {
                _ in guest.heartbeats().filter { $0 > beforeSave }.count >= 2
            }
            let afterRestore = guest.heartbeats().filter { $0 > beforeSave }
            #expect(afterRestore.first.map { $0 <= beforeSave + 30 } == true, "the counter resumed near \(beforeSave)")

            try domain.destroy()
            #expect(try domain.state() == .shutoff)
            try domain.undefine()
            #expect(try connection.domain(named: guest.name) == nil)
        }
    }

    @Test("lifecycle events: a guest whose QEMU is killed from outside is reported stopped within seconds")
    func crashEvents() async throws {
        if let missing = TinyGuest.missingPrerequisite() {
            Issue.record("cannot boot guests here: \(missing)")
            return
        }
        try LibvirtEventLoop.start()
        try await withTemporaryLibvirtHost(name: "events") { host in
            let guest = TinyGuest()
            try await guest.prepare()
            defer { try? FileManager.default.removeItem(atPath: guest.directory) }
            let connection = try LibvirtConnection(uri: host.uri)
            let events = EventLog()
            let stream = try connection.lifecycleEvents()
            let listener = Task { for await event in stream { await events.append(event) } }
            defer { listener.cancel() }
            let domain = try connection.define(xml: guest.domainXML)
            try domain.start()
            try await guest.waitForConsole("KUMO-GUEST-READY", timeout: .seconds(120)) { $0.contains("KUMO-GUEST-READY") }
            #expect(await events.kinds(of: guest.name).contains(.started))

            _ = try? await ProcessRunner.run(["pkill", "-KILL", "-f", "guest=\(guest.name),"])
            try await eventually(within: .seconds(10)) { await events.kinds(of: guest.name).contains(.stopped) }
            #expect(try domain.state() == .shutoff)
            try domain.undefine()
        }
    }

    /// Whether a QEMU process of the guest runs (`-name guest=NAME,…` on its command line).
    static func qemuRuns(guest: String) async -> Bool {
        (try? await ProcessRunner.run(["pgrep", "-f", "guest=\(guest),"])) != nil
    }
}

/// Lifecycle events received so far.
actor EventLog {
    var events: [DomainLifecycleEvent] = []

    func append(_ event: DomainLifecycleEvent) {
        events.append(event)
    }

    func kinds(of domain: String) -> [DomainLifecycleEvent.Kind] {
        events.filter { $0.domain == domain }.map(\.kind)
    }
}
