import Foundation
import KumoClient
import KumoRuntime
import KumoTesting
import NIOHTTP1
import Testing

/// The unmodified python-openstackclient against Kumo's compute services and a real guest of the tiny
/// image on a compute host with its own libvirtd; the guest is judged by its serial console.
@Suite("openstack server against Kumo compute", .serialized, .timeLimit(.minutes(15)))
struct OpenStackComputeTests {
    static let host = "osc1"

    @Test("flavor, server create --wait, console, pause, suspend, stop, start, reboot, events, hypervisors, services, delete")
    func serverLifecycle() async throws {
        try #require(TinyGuest.missingPrerequisite() == nil)
        let cloud = try await LocalCloud.start(basePort: 16000, image: true, computeHosts: [Self.host])
        defer { cloud.shutdown() }
        let osc = try await OpenStackClientTests.openstackCommand()
        @discardableResult
        func openstack(_ arguments: [String]) async throws -> String {
            try await ProcessRunner.run([osc] + arguments, environment: cloud.adminOpenRC)
        }
        func show(_ server: String) async throws -> [String: Any] {
            let text = try await openstack(["server", "show", server, "-f", "json"])
            return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        }
        try await KumoHTTPClient.with { http in
            let fixture = try await ComputeCloudFixture(cloud: cloud, http: http)
            _ = try await fixture.tinyImage()

            try await openstack(["flavor", "create", "--vcpus", "1", "--ram", "256", "--disk", "1", "k1.tiny"])
            #expect(try await openstack(["flavor", "list", "-f", "value", "-c", "Name"]).contains("k1.tiny"))

            try await openstack(["server", "create", "--image", "kumo-tiny", "--flavor", "k1.tiny", "--wait", "vm1"])
            let shown = try await show("vm1")
            let id = try #require(shown["id"] as? String)
            #expect(shown["status"] as? String == "ACTIVE")
            #expect(shown["OS-EXT-SRV-ATTR:host"] as? String == Self.host)
            #expect(shown["OS-EXT-STS:vm_state"] as? String == "active")
            #expect(try await openstack(["server", "list", "-f", "value", "-c", "Name", "-c", "Status"]).contains("vm1 ACTIVE"))

            // The guest booted from its own overlay and read its config drive.
            try await fixture.waitForConsole(id, "KUMO-INSTANCE-UUID \(id)")
            #expect(try await openstack(["console", "log", "show", "vm1"]).contains("KUMO-GUEST-READY"))

            // Pause: the heartbeat stops; unpause: it goes on.
            try await fixture.waitForConsole(id, "KUMO-HEARTBEAT 3")
            try await openstack(["server", "pause", "vm1"])
            try await fixture.waitForStatus(id, "PAUSED")
            let paused = try await fixture.heartbeats(id).last ?? 0
            try await Task.sleep(for: .seconds(1.5))
            #expect(try await fixture.heartbeats(id).last == paused)
            try await openstack(["server", "unpause", "vm1"])
            try await fixture.waitForStatus(id, "ACTIVE")
            try await fixture.waitForConsole(id, "KUMO-HEARTBEAT \(paused + 3)")

            // Suspend: the state is saved to disk and QEMU exits; resume: the counter goes on from there.
            try await openstack(["server", "suspend", "vm1"])
            try await fixture.waitForStatus(id, "SUSPENDED")
            let suspended = try await fixture.heartbeats(id).last ?? 0
            #expect(fixture.qemuProcess(id) == nil)
            #expect(try await fixture.virsh(Self.host, ["dominfo", "kumo-\(id)"]).contains("Managed save:   yes"))
            try await openstack(["server", "resume", "vm1"])
            try await fixture.waitForStatus(id, "ACTIVE")
            try await fixture.waitForConsole(id, "KUMO-HEARTBEAT \(suspended + 2)")
            let afterResume = try await fixture.heartbeats(id)
            let resumedAt = try #require(afterResume.firstIndex(of: suspended))
            #expect(afterResume[(resumedAt + 1)...].first == suspended + 1, "the counter restarted instead of going on")

            // Stop and start: a second boot of the same disk.
            try await openstack(["server", "stop", "vm1"])
            try await fixture.waitForStatus(id, "SHUTOFF")
            #expect(fixture.qemuProcess(id) == nil)
            try await openstack(["server", "start", "vm1"])
            try await fixture.waitForStatus(id, "ACTIVE")
            try await fixture.waitForConsole(id, "KUMO-BOOT-COUNT 2")
            try await openstack(["server", "reboot", "--hard", "vm1"])
            try await fixture.waitForStatus(id, "ACTIVE")
            try await fixture.waitForConsole(id, "KUMO-BOOT-COUNT 3")

            let events = try await openstack(["server", "event", "list", "vm1", "-f", "value", "-c", "Action"]).lines
            for action in ["create", "pause", "unpause", "suspend", "resume", "stop", "start", "reboot"] {
                #expect(events.contains(action), "no \(action) in \(events)")
            }

            let hypervisors = try await openstack(["hypervisor", "list", "-f", "value", "-c", "Hypervisor Hostname", "-c", "State"])
            #expect(hypervisors.contains("\(Self.host) up"))
            let hypervisor = try await openstack(["hypervisor", "show", Self.host, "-f", "json"])
            #expect(hypervisor.contains("\"hypervisor_type\": \"QEMU\""))
            #expect(hypervisor.contains("\"running_vms\": 1"))
            // openstackclient shows only Nova's fields; the API also says which domain type guests get and why.
            let detail = try await fixture.hypervisor(Self.host)
            #expect(["kvm", "qemu"].contains(detail["virt_type"] as? String))
            #expect((detail["virt_type_reason"] as? String)?.isEmpty == false)
            let services = try await openstack(["compute", "service", "list", "-f", "value", "-c", "Binary", "-c", "Host", "-c", "State"])
            #expect(services.contains("nova-compute \(Self.host) up"))
            #expect(services.contains("nova-scheduler"))
            #expect(services.contains("nova-conductor"))

            // Delete leaves no domain, no files and no claim.
            #expect((try await fixture.hypervisor(Self.host))["vcpus_used"] as? Int == 1)
            try await openstack(["server", "delete", "--wait", "vm1"])
            #expect(try await fixture.virsh(Self.host, ["list", "--all", "--name"]).lines.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: fixture.instanceDirectory(Self.host, id)))
            #expect(fixture.qemuProcess(id) == nil)
            #expect((try await fixture.hypervisor(Self.host))["vcpus_used"] as? Int == 0)
            #expect(try await openstack(["server", "list", "-f", "value", "-c", "Name"]).lines.isEmpty)
        }
    }
}
