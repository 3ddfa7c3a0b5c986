import Foundation
import KumoStore
import KumoRPC
import Testing

@testable import KumoScheduler

@Suite("Placement store")
struct PlacementStoreTests {
    @Test("a report creates the provider, a later one updates it and keeps uuid and enabled state")
    func upsert() async throws {
        let fixture = try PlacementFixture()
        let store = fixture.store
        try await store.upsert(report("host1", memoryMB: 4096, reservedMemoryMB: 512), settings: SchedulerSettings())
        let first = try #require(try await store.provider(host: "host1"))
        #expect(first.memoryMB == Inventory(total: 4096, reserved: 512, allocationRatio: 1.5))
        #expect(first.vcpus.capacity == 8 * 16)
        #expect(first.enabled)

        #expect(try await store.setEnabled(host: "host1", enabled: false, reason: "maintenance"))
        #expect(try await store.setEnabled(host: "nohost", enabled: false) == false)
        try await store.upsert(report("host1", memoryMB: 8192), settings: exactSettings, reportedAt: t0)
        let second = try #require(try await store.provider(host: "host1"))
        #expect(second.uuid == first.uuid)
        #expect(second.memoryMB.capacity == 8192)
        #expect(!second.enabled)
        #expect(second.disabledReason == "maintenance")
        #expect(second.lastReport == t0)
        #expect(second.generation > first.generation)

        try await store.setEnabled(host: "host1", enabled: true)
        #expect(try await store.provider(host: "host1")?.disabledReason == nil)
    }

    @Test("claims count reserved amounts and ratios; release frees the room")
    func claimAndRelease() async throws {
        let fixture = try PlacementFixture()
        let store = fixture.store
        // (4096 - 1024) × 1.5 = 4608 MiB usable.
        try await store.upsert(
            report("host1", memoryMB: 4096, reservedMemoryMB: 1024), settings: SchedulerSettings(ramAllocationRatio: 1.5))
        #expect(try await store.claim(allocation("a", on: "host1", memoryMB: 4096)) == .claimed)
        guard case .refused(let reason) = try await store.claim(allocation("b", on: "host1", memoryMB: 1024)) else {
            Issue.record("over-claimed")
            return
        }
        #expect(reason == "host1 lacks RAM for 1024 MiB: 512 MiB of 4608 MiB usable free (ratio 1.5, 1024 MiB reserved)")
        #expect(try await store.claim(allocation("b", on: "host1", memoryMB: 512)) == .claimed)

        let provider = try #require(try await store.providers().first)
        #expect(provider.memoryMB.used == 4608)
        #expect(provider.allocationCount == 2)
        #expect(try await store.allocation(consumer: "a") == "host1")
        #expect(try await store.allocations(host: "host1").map(\.consumer) == ["a", "b"])

        #expect(try await store.release(consumer: "a")?.memoryMB == 4096)
        #expect(try await store.release(consumer: "a") == nil)
        #expect(try await store.allocation(consumer: "a") == nil)
        #expect(try await store.claim(allocation("c", on: "host1", memoryMB: 4096)) == .claimed)
    }

    @Test("a second claim of a consumer moves it; a refused one leaves the first in place")
    func reclaim() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1", memoryMB: 2048), report("host2", memoryMB: 2048))
        let store = fixture.store
        #expect(try await store.claim(allocation("a", on: "host1", memoryMB: 2048)) == .claimed)
        #expect(try await store.claim(allocation("a", on: "host2", memoryMB: 2048)) == .claimed)
        #expect(try await store.provider(host: "host1")?.memoryMB.used == 0)
        #expect(try await store.claim(allocation("b", on: "host1", memoryMB: 2048)) == .claimed)
        #expect(try await store.claim(allocation("a", on: "host1", memoryMB: 2048)) != .claimed)
        #expect(try await store.allocation(consumer: "a") == "host2")
    }

    @Test("claims re-check hard server group policies against the members' allocations")
    func groupPolicies() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1"), report("host2"))
        let store = fixture.store
        let anti = ServerGroupSpec(id: "anti", policy: .antiAffinity)
        #expect(try await store.claim(allocation("a1", on: "host1", group: anti)) == .claimed)
        #expect(
            try await store.claim(allocation("a2", on: "host1", group: anti))
                == .refused("host1: server group anti (anti-affinity) already has a member here"))
        #expect(try await store.claim(allocation("a2", on: "host2", group: anti)) == .claimed)

        let together = ServerGroupSpec(id: "aff", policy: .affinity)
        #expect(try await store.claim(allocation("b1", on: "host2", group: together)) == .claimed)
        #expect(
            try await store.claim(allocation("b2", on: "host1", group: together))
                == .refused("host1: server group aff (affinity) has its members on host2"))
        #expect(try await store.claim(allocation("b2", on: "host2", group: together)) == .claimed)
        #expect(try await store.allocations(host: "host2").first { $0.consumer == "b2" }?.serverGroup == together)
    }

    @Test("two stores on one file claiming concurrently never overcommit a host")
    func concurrentClaims() async throws {
        let fixture = try PlacementFixture()
        let hosts = (1...4).map { "host\($0)" }
        for host in hosts { try await fixture.report(report(host, vcpus: 64, memoryMB: 10 * 1024, diskGB: 1000)) }
        let stores = [fixture.store, try fixture.secondStore()]
        // 200 claims of 1 GiB for 40 GiB of room: exactly 40 succeed, 10 per host.
        let claimed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let result = try await stores[index % 2].claim(
                        allocation("vm\(index)", on: hosts[index % hosts.count], memoryMB: 1024))
                    return result == .claimed
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(claimed == 40)
        for provider in try await fixture.store.providers() {
            #expect(provider.memoryMB.used == 10 * 1024)
            #expect(provider.allocationCount == 10)
        }
    }

    @Test("members of an anti-affinity group claimed concurrently from two stores land on different hosts")
    func concurrentAntiAffinity() async throws {
        let fixture = try PlacementFixture()
        let hosts = (1...3).map { "host\($0)" }
        for host in hosts { try await fixture.report(report(host)) }
        let stores = [fixture.store, try fixture.secondStore()]
        let group = ServerGroupSpec(id: "g", policy: .antiAffinity)
        // Three members race for each host.
        let claimed = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for member in 0..<9 {
                tasks.addTask {
                    try await stores[member % 2].claim(allocation("m\(member)", on: hosts[member % 3], group: group))
                        == .claimed
                }
            }
            return try await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(claimed == 3)
        for host in hosts {
            #expect(try await fixture.store.allocations(host: host).count == 1)
        }
    }

    @Test("the migration runs on an empty file and reopening is a no-op")
    func migration() async throws {
        let fixture = try PlacementFixture()
        #expect(try await fixture.store.database.schemaVersion() == PlacementStore.migrations.count)
        let again = try fixture.secondStore()
        #expect(try await again.database.schemaVersion() == PlacementStore.migrations.count)
    }
}
