import Foundation
import KumoRPC
import KumoTesting

@testable import KumoScheduler

let t0 = Date(timeIntervalSince1970: 1_700_000_000)

/// A host's report, 8 vCPUs, 8 GiB RAM and 100 GiB disk unless told otherwise.
func report(
    _ host: String, vcpus: Int = 8, memoryMB: Int = 8192, diskGB: Int = 100, reservedMemoryMB: Int = 0,
    reservedDiskGB: Int = 0, zone: String = "nova", architecture: String = "x86_64", virtType: String = "qemu"
) -> ConductorAPI.HostReport {
    ConductorAPI.HostReport(
        host: host, availabilityZone: zone, hostIP: "10.0.0.1", vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB,
        reservedMemoryMB: reservedMemoryMB, reservedDiskGB: reservedDiskGB, hypervisorType: "QEMU",
        hypervisorVersion: 8_002_002, virtType: virtType, virtTypeReason: "test", cpuArchitecture: architecture,
        runningVMs: 0, uptime: "")
}

/// An instance of flavor `vcpus`/`memoryMB`/`diskGB`.
func instance(
    _ uuid: String = UUID().uuidString.lowercased(), vcpus: Int = 1, memoryMB: Int = 1024, diskGB: Int = 1,
    zone: String? = nil, imageProperties: [String: String] = [:], group: ServerGroupSpec? = nil
) -> InstanceSpec {
    InstanceSpec(
        uuid: uuid, name: "vm", hostname: "vm", projectID: "p1", userID: "u1",
        flavor: FlavorSpec(id: "f", name: "f", vcpus: vcpus, memoryMB: memoryMB, rootGB: diskGB),
        image: ImageSpec(id: "i", properties: imageProperties), availabilityZone: zone, serverGroup: group)
}

/// A provider as the scheduler's view holds it, for I/O-free filter and weigher tests.
func provider(
    _ host: String, vcpus: Int = 8, usedVcpus: Int = 0, memoryMB: Int = 8192, reservedMemoryMB: Int = 0,
    ramRatio: Double = 1, usedMemoryMB: Int = 0, diskGB: Int = 100, usedDiskGB: Int = 0, zone: String = "nova",
    architecture: String = "x86_64", enabled: Bool = true, disabledReason: String? = nil, lastReport: Date = t0
) -> ResourceProvider {
    ResourceProvider(
        id: 1, host: host, uuid: UUID().uuidString, availabilityZone: zone, hostIP: "10.0.0.1", hypervisorType: "QEMU",
        hypervisorVersion: 8_002_002, virtType: "qemu", virtTypeReason: "test", uptime: "", cpuArchitecture: architecture,
        vcpus: Inventory(total: vcpus, allocationRatio: 1, used: usedVcpus),
        memoryMB: Inventory(
            total: memoryMB, reserved: reservedMemoryMB, allocationRatio: ramRatio, used: usedMemoryMB),
        diskGB: Inventory(total: diskGB, allocationRatio: 1, used: usedDiskGB), allocationCount: 0,
        enabled: enabled, disabledReason: disabledReason, lastReport: lastReport, generation: 0)
}

/// Settings without overcommit, so that tests count room plainly.
let exactSettings = SchedulerSettings(cpuAllocationRatio: 1, ramAllocationRatio: 1, diskAllocationRatio: 1)

/// A placement database in a fresh temporary directory.
struct PlacementFixture {
    let directory: TemporaryDirectory
    let store: PlacementStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "kumo-scheduler")
        store = try PlacementStore(path: PlacementStore.path(stateDirectory: directory.path))
    }

    /// Another process's view of the same file.
    func secondStore() throws -> PlacementStore {
        try PlacementStore(path: PlacementStore.path(stateDirectory: directory.path))
    }

    func scheduler(_ settings: SchedulerSettings = exactSettings, store: PlacementStore? = nil) -> Scheduler {
        Scheduler(store: store ?? self.store, settings: settings, clock: { t0 + 5 })
    }

    func report(_ reports: ConductorAPI.HostReport..., settings: SchedulerSettings = exactSettings) async throws {
        for report in reports { try await store.upsert(report, settings: settings, reportedAt: t0) }
    }
}

func allocation(_ consumer: String, on host: String, vcpus: Int = 1, memoryMB: Int = 1024, diskGB: Int = 1,
    group: ServerGroupSpec? = nil) -> Allocation {
    Allocation(
        consumer: consumer, host: host, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB, projectID: "p1",
        serverGroup: group, createdAt: t0)
}
