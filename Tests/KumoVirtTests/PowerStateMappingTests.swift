import KumoRPC
import Testing

@testable import KumoLibvirt
@testable import KumoVirt

@Suite("power states from libvirt")
struct PowerStateMappingTests {
    static func state(_ kind: DomainLifecycleEvent.Kind, detail: Int32 = 0) -> PowerState? {
        PowerState(after: DomainLifecycleEvent(domain: "kumo-x", uuid: "x", kind: kind, detail: detail))
    }

    @Test("lifecycle events map to Nova's power states")
    func events() {
        #expect(Self.state(.started) == .running)
        #expect(Self.state(.resumed) == .running)
        #expect(Self.state(.suspended) == .paused)
        #expect(Self.state(.crashed) == .crashed)
        #expect(Self.state(.stopped, detail: 0) == .shutdown)  // guest shut down
        #expect(Self.state(.stopped, detail: 1) == .shutdown)  // destroyed
        #expect(Self.state(.stopped, detail: 2) == .crashed)
        #expect(Self.state(.stopped, detail: 4) == .suspended)  // managed save
        #expect(Self.state(.stopped, detail: 5) == .shutdown)  // QEMU failed
        #expect(Self.state(.defined) == nil)
        #expect(Self.state(.undefined) == nil)
        #expect(Self.state(.shutdown) == nil)
    }

    @Test("domain states map to Nova's power states")
    func states() {
        #expect(PowerState(LibvirtDomain.State.running) == .running)
        #expect(PowerState(LibvirtDomain.State.paused) == .paused)
        #expect(PowerState(LibvirtDomain.State.shutoff) == .shutdown)
        #expect(PowerState(LibvirtDomain.State.suspended) == .suspended)
        #expect(PowerState(LibvirtDomain.State.crashed) == .crashed)
    }
}
