import ArgumentParser
import Foundation
import KumoRPC
import KumoScheduler
import KumoTesting

/// Placements against a simulated cloud: filtering, weighing and the SQLite claim, as `kumod scheduler` does them.
struct SchedulerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scheduler", abstract: "Scheduler placement rate.")

    @Option(help: "Simulated compute hosts.") var hosts = 10_000
    @Option(help: "Placements in each run.") var placements = 5_000
    @Option(help: "Concurrent placing tasks in the concurrent runs.") var tasks = 8

    static let flavors = [
        FlavorSpec(id: "1", name: "m1.small", vcpus: 1, memoryMB: 2048, rootGB: 20),
        FlavorSpec(id: "2", name: "m1.medium", vcpus: 2, memoryMB: 4096, rootGB: 40),
        FlavorSpec(id: "3", name: "m1.large", vcpus: 4, memoryMB: 8192, rootGB: 80),
    ]

    func run() async throws {
        let directory = try TemporaryDirectory(prefix: "kumo-bench-scheduler")
        let path = PlacementStore.path(stateDirectory: directory.path)
        let store = try PlacementStore(path: path)
        let settings = SchedulerSettings(downAfterSeconds: 86_400)  // the simulated hosts report once
        let fillStart = ContinuousClock.now
        try await fill(store, settings: settings)
        print("filled \(hosts) hosts in \(String(format: "%.1f", (ContinuousClock.now - fillStart).seconds)) s")

        var rows: [[String]] = []
        let cold = Scheduler(store: store, settings: settings)
        let coldStart = ContinuousClock.now
        _ = try await cold.place(request(0))
        let coldMilliseconds = (ContinuousClock.now - coldStart).seconds * 1000

        rows.append(try await measure("1 task", schedulers: [cold], tasks: 1, offset: 1))
        let shared = Scheduler(store: store, settings: settings)
        _ = try await shared.place(request(placements + 1))
        rows.append(
            try await measure("\(tasks) tasks, 1 scheduler", schedulers: [shared], tasks: tasks, offset: 2 * placements))
        // Two processes' schedulers on one file: each its own store (connection pool) and view.
        let pair = [shared, Scheduler(store: try PlacementStore(path: path), settings: settings)]
        _ = try await pair[1].place(request(3 * placements))
        rows.append(
            try await measure(
                "\(tasks) tasks, 2 schedulers (2 stores, 1 file)", schedulers: pair, tasks: tasks, offset: 4 * placements))
        printTable(
            "Scheduler placements (\(hosts) hosts, weigher spread; first placement of a fresh scheduler "
                + String(format: "%.0f ms", coldMilliseconds) + ")",
            headers: ["run", "hosts", "placements", "placements/s", "p50 ms", "p99 ms"], rows: rows)
    }

    /// Hosts of varied sizes in two zones; every 50th disabled, every 20th with its RAM all claimed.
    private func fill(_ store: PlacementStore, settings: SchedulerSettings) async throws {
        for index in 0..<hosts {
            let host = String(format: "host%05d", index)
            let memoryMB = [65_536, 131_072, 262_144, 393_216][(index / 4) % 4]
            try await store.upsert(
                ConductorAPI.HostReport(
                    host: host, availabilityZone: index % 10 == 0 ? "az2" : "nova", hostIP: "10.0.0.1",
                    vcpus: [16, 32, 48, 64][index % 4], memoryMB: memoryMB, diskGB: [500, 1000, 2000][index % 3],
                    reservedMemoryMB: 2048, reservedDiskGB: 10, hypervisorType: "QEMU", hypervisorVersion: 8_002_002,
                    virtType: "kvm", virtTypeReason: "bench", cpuArchitecture: "x86_64", runningVMs: 0, uptime: ""),
                settings: settings)
            if index % 50 == 7 { try await store.setEnabled(host: host, enabled: false, reason: "maintenance") }
            if index % 20 == 3 {
                let usable = Int(Double(memoryMB - 2048) * settings.ramAllocationRatio)
                _ = try await store.claim(
                    Allocation(consumer: "filler-\(index)", host: host, vcpus: 1, memoryMB: usable, diskGB: 1, projectID: "bench"))
            }
        }
    }

    /// `placements` placements by `tasks` tasks spread over `schedulers`: one table row.
    private func measure(_ name: String, schedulers: [Scheduler], tasks: Int, offset: Int) async throws -> [String] {
        let perTask = placements / tasks
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var latencies: [Double] = []
                    for number in 0..<perTask {
                        let placementStart = ContinuousClock.now
                        let decision = try await schedulers[task % schedulers.count].place(
                            request(offset + task * perTask + number))
                        guard case .host = decision else { throw ValidationError("unexpected: \(decision)") }
                        latencies.append((ContinuousClock.now - placementStart).seconds * 1000)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let samples = Samples(latencies)
        return [
            name, "\(hosts)", "\(samples.count)", String(format: "%.0f", Double(samples.count) / elapsed),
            String(format: "%.2f", samples.median), String(format: "%.2f", samples.percentile(99)),
        ]
    }

    /// Placement number `number`: flavors in turn, every 10th in zone az2.
    private func request(_ number: Int) -> SchedulerAPI.ScheduleRequest {
        let instance = InstanceSpec(
            uuid: UUID().uuidString.lowercased(), name: "vm\(number)", hostname: "vm\(number)", projectID: "bench",
            userID: "bench", flavor: Self.flavors[number % Self.flavors.count],
            image: ImageSpec(id: "cirros", properties: ["hw_architecture": "x86_64"]),
            availabilityZone: number % 10 == 0 ? "az2" : nil)
        return SchedulerAPI.ScheduleRequest(instance: instance, requestID: "req-\(number)")
    }
}
