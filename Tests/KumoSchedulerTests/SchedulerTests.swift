import Foundation
import KumoRPC
import Testing

@testable import KumoScheduler

private func request(_ instance: InstanceSpec, ignoreHosts: [String] = []) -> SchedulerAPI.ScheduleRequest {
    SchedulerAPI.ScheduleRequest(instance: instance, requestID: "req-1", ignoreHosts: ignoreHosts)
}

extension PlacementDecision {
    var host: String? {
        guard case .host(let host) = self else { return nil }
        return host
    }

    var noValidHost: NoValidHost? {
        guard case .noValidHost(let noValidHost) = self else { return nil }
        return noValidHost
    }
}

/// Places `instances` concurrently, alternating between `schedulers`; the decisions in order.
private func placeConcurrently(_ instances: [InstanceSpec], on schedulers: [Scheduler]) async throws
    -> [PlacementDecision]
{
    try await withThrowingTaskGroup(of: (Int, PlacementDecision).self) { group in
        for (index, instance) in instances.enumerated() {
            group.addTask { (index, try await schedulers[index % schedulers.count].place(request(instance))) }
        }
        var decisions = [PlacementDecision?](repeating: nil, count: instances.count)
        for try await (index, decision) in group { decisions[index] = decision }
        return decisions.compactMap { $0 }
    }
}

@Suite("Scheduler")
struct SchedulerTests {
    @Test("a placement claims the resources for the instance; spread moves on as hosts fill")
    func placeAndClaim() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1"), report("host2"), report("host3"))
        let scheduler = fixture.scheduler()
        var hosts: [String] = []
        for _ in 0..<3 {
            let vm = instance(memoryMB: 2048)
            let host = try #require(try await scheduler.place(request(vm)).host)
            #expect(try await fixture.store.allocation(consumer: vm.uuid) == host)
            hosts.append(host)
        }
        #expect(Set(hosts) == ["host1", "host2", "host3"])
    }

    @Test("stack fills one host before the next")
    func stack() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1"), report("host2"))
        let scheduler = fixture.scheduler(SchedulerSettings(weigher: .stack, ramAllocationRatio: 1))
        var hosts: [String] = []
        for _ in 0..<4 { hosts.append(try #require(try await scheduler.place(request(instance(memoryMB: 4096))).host)) }
        #expect(hosts == [hosts[0], hosts[0], hosts[2], hosts[2]])
        #expect(hosts[0] != hosts[2])
    }

    @Test("changes made by other processes are seen by the next placement")
    func seesOtherProcesses() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1", memoryMB: 16384), report("host2"))
        let scheduler = fixture.scheduler()
        #expect(try await scheduler.place(request(instance())).host == "host1")

        let other = try fixture.secondStore()
        try await other.setEnabled(host: "host1", enabled: false, reason: "maintenance")
        #expect(try await scheduler.place(request(instance())).host == "host2")

        try await other.setEnabled(host: "host1", enabled: true)
        #expect(try await other.claim(allocation("elsewhere", on: "host1", memoryMB: 15360 - 1024)) == .claimed)
        let full = try #require(try await scheduler.place(request(instance(memoryMB: 8192))).noValidHost)
        #expect(full.rejections.map(\.filter) == ["RAMFilter", "RAMFilter"])

        try await other.release(consumer: "elsewhere")
        #expect(try await scheduler.place(request(instance(memoryMB: 8192))).host == "host1")
    }

    @Test("two schedulers on one file placing concurrently never overcommit and fill every host")
    func concurrentSchedulers() async throws {
        let fixture = try PlacementFixture()
        for index in 1...5 { try await fixture.report(report("host\(index)", memoryMB: 8192)) }
        let schedulers = [fixture.scheduler(), fixture.scheduler(store: try fixture.secondStore())]
        // 60 instances of 1 GiB for 40 GiB.
        let decisions = try await placeConcurrently((0..<60).map { _ in instance(memoryMB: 1024) }, on: schedulers)
        #expect(decisions.compactMap(\.host).count == 40)
        #expect(decisions.compactMap(\.noValidHost).count == 20)
        for provider in try await fixture.store.providers() {
            #expect(provider.memoryMB.used == 8192)
        }
    }

    @Test("members of a hard anti-affinity group placed concurrently get one host each")
    func concurrentAntiAffinity() async throws {
        let fixture = try PlacementFixture()
        for index in 1...4 { try await fixture.report(report("host\(index)")) }
        let schedulers = [fixture.scheduler(), fixture.scheduler(store: try fixture.secondStore())]
        let group = ServerGroupSpec(id: "g", policy: .antiAffinity)
        let decisions = try await placeConcurrently((0..<6).map { _ in instance(group: group) }, on: schedulers)
        let hosts = decisions.compactMap(\.host)
        #expect(hosts.count == 4)
        #expect(Set(hosts).count == 4)
        // A member whose claim lost a race saw that host rejected as refused by the claim.
        for noValidHost in decisions.compactMap(\.noValidHost) {
            #expect(Set(noValidHost.rejections.map(\.filter)).isSubset(of: ["ServerGroupAntiAffinityFilter", "RetryFilter"]))
        }
    }

    @Test("members of a hard affinity group placed concurrently share one host")
    func concurrentAffinity() async throws {
        let fixture = try PlacementFixture()
        for index in 1...4 { try await fixture.report(report("host\(index)", memoryMB: 16384)) }
        let schedulers = [fixture.scheduler(), fixture.scheduler(store: try fixture.secondStore())]
        let group = ServerGroupSpec(id: "g", policy: .affinity)
        let decisions = try await placeConcurrently((0..<8).map { _ in instance(group: group) }, on: schedulers)
        #expect(decisions.allSatisfy { $0.host != nil })
        #expect(Set(decisions.compactMap(\.host)).count == 1)
    }

    @Test("hosts already tried are skipped, and named so when none is left")
    func ignoreHosts() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1", memoryMB: 16384), report("host2"))
        let scheduler = fixture.scheduler()
        #expect(try await scheduler.place(request(instance(), ignoreHosts: ["host1"])).host == "host2")
        let none = try #require(
            try await scheduler.place(request(instance(), ignoreHosts: ["host1", "host2"])).noValidHost)
        #expect(none.rejections.map(\.reason) == ["already tried for this instance", "already tried for this instance"])
    }

    @Test("NoValidHost gives each host's reason: full, disabled, down")
    func noValidHostMessage() async throws {
        let fixture = try PlacementFixture()
        try await fixture.report(report("host1", memoryMB: 2048), report("host2"))
        try await fixture.store.upsert(report("host3"), settings: exactSettings, reportedAt: t0 - 120)
        try await fixture.store.setEnabled(host: "host2", enabled: false, reason: "maintenance")
        let none = try #require(try await fixture.scheduler().place(request(instance(memoryMB: 8192))).noValidHost)
        #expect(
            none.message
                == "No valid host was found for 8192 MiB RAM, 1 vCPU, 1 GiB disk: "
                + "host1: RAMFilter: 2048 MiB of 2048 MiB usable free (ratio 1); "
                + "host2: ComputeFilter: disabled (maintenance); host3: ComputeFilter: down (last report 125 s ago)")
    }
}
