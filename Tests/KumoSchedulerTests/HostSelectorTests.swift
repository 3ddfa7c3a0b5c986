import Foundation
import KumoRPC
import Testing

@testable import KumoScheduler

/// Filters and weighs `hosts` for `instance` as the scheduler does, without a database.
private func select(
    _ hosts: [ResourceProvider], _ instance: InstanceSpec, excluded: [String: String] = [:],
    members: [String: Int] = [:], weigher: SchedulerSettings.Weigher = .spread
) -> Result<String, NoValidHost> {
    let request = PlacementRequest(
        instance: instance, excluded: excluded, now: t0 + 5, downAfterSeconds: 60, groupMembers: members)
    return HostSelector.select(from: hosts, for: request, weigher: weigher).map { hosts[$0].host }
}

/// The only rejection of a one-host selection.
private func rejection(_ host: ResourceProvider, _ instance: InstanceSpec, members: [String: Int] = [:]) throws
    -> NoValidHost.Rejection
{
    try #require(select([host], instance, members: members).failure?.rejections.first)
}

extension Result {
    var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}

@Suite("Filters and weighers")
struct HostSelectorTests {
    @Test("RAMFilter counts reserved memory and the allocation ratio, and says so")
    func ramFilter() throws {
        // (4096 - 512) × 1.5 = 5376 usable, 3328 used: 2048 free.
        let host = provider("host1", memoryMB: 4096, reservedMemoryMB: 512, ramRatio: 1.5, usedMemoryMB: 3328)
        let rejected = try rejection(host, instance(memoryMB: 2049))
        #expect(rejected.filter == "RAMFilter")
        #expect(rejected.reason == "2048 MiB of 5376 MiB usable free (ratio 1.5, 512 MiB reserved)")
        #expect(try select([host], instance(memoryMB: 2048)).get() == "host1")
    }

    @Test("CoreFilter rejects a host without the vCPUs")
    func coreFilter() throws {
        let rejected = try rejection(provider("host1", vcpus: 4, usedVcpus: 3), instance(vcpus: 2))
        #expect(rejected.filter == "CoreFilter")
        #expect(rejected.reason == "1 vCPU of 4 vCPU usable free (ratio 1)")
    }

    @Test("DiskFilter rejects a host without the disk")
    func diskFilter() throws {
        let rejected = try rejection(provider("host1", diskGB: 20, usedDiskGB: 15), instance(diskGB: 10))
        #expect(rejected.filter == "DiskFilter")
        #expect(rejected.reason == "5 GiB of 20 GiB usable free (ratio 1)")
    }

    @Test("ComputeFilter rejects disabled hosts with the reason and hosts that stopped reporting")
    func computeFilter() throws {
        let disabled = try rejection(provider("host1", enabled: false, disabledReason: "maintenance"), instance())
        #expect(disabled.filter == "ComputeFilter")
        #expect(disabled.reason == "disabled (maintenance)")
        let down = try rejection(provider("host2", lastReport: t0 - 100), instance())
        #expect(down.filter == "ComputeFilter")
        #expect(down.reason == "down (last report 105 s ago)")
    }

    @Test("AvailabilityZoneFilter keeps the hosts of the requested zone")
    func availabilityZone() throws {
        let hosts = [provider("host1", zone: "nova"), provider("host2", zone: "az2")]
        #expect(try select(hosts, instance(zone: "az2")).get() == "host2")
        let rejected = try rejection(hosts[0], instance(zone: "az2"))
        #expect(rejected.filter == "AvailabilityZoneFilter")
        #expect(rejected.reason == "in availability zone nova, not az2")
    }

    @Test("ImagePropertiesFilter matches architecture (amd64 is x86_64) and hypervisor type")
    func imageProperties() throws {
        let host = provider("host1", architecture: "x86_64")
        #expect(try select([host], instance(imageProperties: ["hw_architecture": "amd64"])).get() == "host1")
        #expect(try select([host], instance(imageProperties: ["img_hv_type": "qemu"])).get() == "host1")
        let arm = try rejection(host, instance(imageProperties: ["hw_architecture": "aarch64"]))
        #expect(arm.filter == "ImagePropertiesFilter")
        #expect(arm.reason == "cpu architecture x86_64, image wants aarch64")
        let xen = try rejection(host, instance(imageProperties: ["hypervisor_type": "xen"]))
        #expect(xen.reason == "hypervisor QEMU (virt type qemu), image wants xen")
    }

    @Test("hard affinity keeps the members' host; hard anti-affinity avoids it")
    func serverGroups() throws {
        let hosts = [provider("host1", memoryMB: 16384), provider("host2")]
        let affinity = ServerGroupSpec(id: "g1", policy: .affinity)
        #expect(try select(hosts, instance(group: affinity), members: ["host2": 1]).get() == "host2")
        #expect(try select(hosts, instance(group: affinity)).get() == "host1")  // first member: anywhere
        let apart = try rejection(hosts[0], instance(group: affinity), members: ["host2": 1])
        #expect(apart.filter == "ServerGroupAffinityFilter")
        #expect(apart.reason == "server group g1 (affinity) has its members on host2")

        let anti = ServerGroupSpec(id: "g2", policy: .antiAffinity)
        #expect(try select(hosts, instance(group: anti), members: ["host1": 1]).get() == "host2")
        let together = try rejection(hosts[0], instance(group: anti), members: ["host1": 1])
        #expect(together.filter == "ServerGroupAntiAffinityFilter")
        #expect(together.reason == "server group g2 (anti-affinity) already has a member here")
    }

    @Test("the retry filter skips hosts already tried")
    func retry() throws {
        let hosts = [provider("host1", memoryMB: 16384), provider("host2")]
        let result = select(hosts, instance(), excluded: ["host1": "already tried for this instance"])
        #expect(try result.get() == "host2")
        let none = try #require(select([hosts[0]], instance(), excluded: ["host1": "already tried"]).failure)
        #expect(none.rejections == [.init(host: "host1", filter: "RetryFilter", reason: "already tried")])
    }

    @Test("spread picks the most free RAM, stack the least that still fits")
    func ramWeigher() throws {
        let hosts = [
            provider("small", memoryMB: 2048), provider("tiny", memoryMB: 512), provider("big", memoryMB: 16384),
            provider("medium", memoryMB: 4096),
        ]
        #expect(try select(hosts, instance(memoryMB: 1024), weigher: .spread).get() == "big")
        #expect(try select(hosts, instance(memoryMB: 1024), weigher: .stack).get() == "small")
    }

    @Test("soft affinity prefers the members' host, soft anti-affinity avoids it, over free RAM")
    func softPolicies() throws {
        let hosts = [provider("big", memoryMB: 16384), provider("small", memoryMB: 2048)]
        let soft = instance(group: ServerGroupSpec(id: "g", policy: .softAffinity))
        #expect(try select(hosts, soft, members: ["small": 2]).get() == "small")
        let softAnti = instance(group: ServerGroupSpec(id: "g", policy: .softAntiAffinity))
        #expect(try select(hosts, softAnti, members: ["big": 1]).get() == "small")
        #expect(try select(hosts, softAnti, members: [:]).get() == "big")
    }

    @Test("NoValidHost names every host with its filter and reason")
    func message() throws {
        let hosts = [
            provider("host1", memoryMB: 4096, reservedMemoryMB: 512, ramRatio: 1.5, usedMemoryMB: 3328),
            provider("host2", enabled: false, disabledReason: "maintenance"),
        ]
        let none = try #require(select(hosts, instance(vcpus: 1, memoryMB: 8192, diskGB: 1)).failure)
        #expect(
            none.message
                == "No valid host was found for 8192 MiB RAM, 1 vCPU, 1 GiB disk: "
                + "host1: RAMFilter: 2048 MiB of 5376 MiB usable free (ratio 1.5, 512 MiB reserved); "
                + "host2: ComputeFilter: disabled (maintenance)")
    }

    @Test("with many hosts the message counts rejections per filter and lists the first ten")
    func summary() throws {
        let hosts = (0..<30).map { provider(String(format: "host%02d", $0), memoryMB: 512, enabled: $0 >= 5) }
        let none = try #require(select(hosts, instance(vcpus: 2, memoryMB: 1024, diskGB: 1)).failure)
        #expect(none.rejections.count == 30)
        #expect(none.message.hasPrefix(
            "No valid host was found for 1024 MiB RAM, 2 vCPUs, 1 GiB disk: 30 hosts rejected "
                + "(RAMFilter 25, ComputeFilter 5); first 10: host00: ComputeFilter: disabled; "))
        #expect(none.message.contains("host09: RAMFilter"))
        #expect(!none.message.contains("host10"))
    }

    @Test("with no host at all the message says none reported")
    func noHosts() throws {
        let none = try #require(select([], instance()).failure)
        #expect(none.message == "No valid host was found for 1024 MiB RAM, 1 vCPU, 1 GiB disk: no compute host has reported")
    }
}
