import Foundation
import KumoClient
import KumoTesting
import NIOHTTP1
import Testing

/// Guests through the Compute API when things go wrong around them: the compute agent restarts while
/// they run, and a guest's QEMU is killed from outside.
@Suite("compute guests survive agent restarts; a killed guest shows SHUTOFF", .serialized, .timeLimit(.minutes(15)))
struct ComputeGuestTests {
    static let host = "cg1"

    @Test("a restarted agent keeps running and paused guests as they are; a QEMU killed from outside is SHUTOFF")
    func agentRestartAndKilledGuest() async throws {
        try #require(TinyGuest.missingPrerequisite() == nil)
        let cloud = try await LocalCloud.start(basePort: 16100, image: true, computeHosts: [Self.host])
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let fixture = try await ComputeCloudFixture(cloud: cloud, http: http)
            let image = try await fixture.tinyImage()
            let running = try await fixture.createServer("running", image: image)
            let paused = try await fixture.createServer("paused", image: image)
            try await fixture.waitForStatus(running, "ACTIVE")
            try await fixture.waitForStatus(paused, "ACTIVE")
            try await fixture.waitForConsole(paused, "KUMO-HEARTBEAT 2")
            #expect(try await fixture.call(.POST, "/servers/\(paused)/action", json: ["pause": NSNull()]).status == 202)
            try await fixture.waitForStatus(paused, "PAUSED")
            let qemu = try #require(fixture.qemuProcess(running))

            // The agent dies and comes back: the guests were not touched and keep their states.
            await cloud.kill(Self.host)
            let console = fixture.instanceDirectory(Self.host, running) + "/console.log"
            let before = try String(contentsOfFile: console, encoding: .utf8).count
            try await Task.sleep(for: .seconds(2))
            #expect(try String(contentsOfFile: console, encoding: .utf8).count > before, "the guest stopped with its agent")
            cloud.start(Self.host)
            try await cloud.waitForHypervisors([Self.host])
            try await Task.sleep(for: .seconds(2))
            #expect(try await fixture.server(running)["status"] as? String == "ACTIVE")
            #expect(try await fixture.server(paused)["status"] as? String == "PAUSED")
            #expect(fixture.qemuProcess(running) == qemu)
            #expect(try await fixture.console(running).components(separatedBy: "KUMO-GUEST-READY").count == 2, "the guest booted again")

            // The restarted agent still serves its guests.
            #expect(try await fixture.call(.POST, "/servers/\(paused)/action", json: ["unpause": NSNull()]).status == 202)
            try await fixture.waitForStatus(paused, "ACTIVE")

            // QEMU killed from outside: the server shows SHUTOFF within seconds, through libvirt's event.
            kill(qemu, SIGKILL)
            try await fixture.waitForStatus(running, "SHUTOFF", timeout: .seconds(10))
            #expect(try await fixture.server(running)["OS-EXT-STS:power_state"] as? Int == 4)
            #expect(try await fixture.call(.POST, "/servers/\(running)/action", json: ["os-start": NSNull()]).status == 202)
            try await fixture.waitForStatus(running, "ACTIVE")
            try await fixture.waitForConsole(running, "KUMO-BOOT-COUNT 2")
        }
    }
}
