import ArgumentParser
import Foundation
import KumoClient
import KumoRuntime
import KumoTesting

/// Boot latency through the Compute API (POST /servers → ACTIVE, → the guest's ready line) on one
/// compute host with the image cached, sequential and concurrent, against the same domain started with
/// plain `virsh create` on the same libvirtd in the same run (the floor).
struct ComputeBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compute", abstract: "Server boot latency vs raw libvirt.")

    @Option(help: "Sequential boots.") var runs = 20
    @Option(help: "Boots started at once.") var concurrent = 10

    static let host = "bench1"

    func run() async throws {
        let cloud = try await LocalCloud.start(
            basePort: 15870, image: true, computeHosts: [Self.host], settings: ["KUMO_LOG_LEVEL": "error"])
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let api = try await ComputeBenchClient(cloud: cloud, http: http)
            let image = try await api.registerTinyImage()
            let warm = try await api.boot(image: image)  // caches the image on the host
            let template = try api.keepTemplate(of: warm.id)
            try await api.delete(warm.id)

            var sequential: [Boot] = []
            for _ in 0..<runs {
                let boot = try await api.boot(image: image)
                sequential.append(boot)
                try await api.delete(boot.id)
            }
            let together = try await withThrowingTaskGroup(of: Boot.self) { group in
                for _ in 0..<concurrent { group.addTask { try await api.boot(image: image) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for boot in together { try await api.delete(boot.id) }
            var floor: [Boot] = []
            for run in 0..<runs {
                floor.append(try await api.virshBoot(template, name: "floor-\(run)"))
                try await api.libvirt.virsh(["destroy", "floor-\(run)"])
            }
            let floorTogether = try await withThrowingTaskGroup(of: Boot.self) { group in
                for run in 0..<concurrent { group.addTask { try await api.virshBoot(template, name: "floor-at-once-\(run)") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for boot in floorTogether { try await api.libvirt.virsh(["destroy", boot.id]) }

            func cells(_ label: String, _ values: [Double]) -> [String] {
                let samples = Samples(values)
                return [label, String(values.count)] + [samples.median, samples.percentile(99), samples.max].map { String(format: "%.2f", $0) }
            }
            printTable(
                "Boot of the tiny image on one compute host, image cached (seconds)",
                headers: ["path", "boots", "p50 s", "p99 s", "max s"],
                rows: [
                    cells("Kumo POST /servers → ACTIVE, sequential", sequential.map(\.active)),
                    cells("Kumo POST /servers → KUMO-GUEST-READY, sequential", sequential.map(\.ready)),
                    cells("Kumo POST /servers → ACTIVE, \(concurrent) at once", together.map(\.active)),
                    cells("Kumo POST /servers → KUMO-GUEST-READY, \(concurrent) at once", together.map(\.ready)),
                    cells("virsh create (same domain) → returns", floor.map(\.active)),
                    cells("virsh create (same domain) → KUMO-GUEST-READY", floor.map(\.ready)),
                    cells("virsh create (same domain) → returns, \(concurrent) at once", floorTogether.map(\.active)),
                    cells("virsh create (same domain) → KUMO-GUEST-READY, \(concurrent) at once", floorTogether.map(\.ready)),
                ])
            let overhead = Samples(sequential.map(\.ready)).median / Samples(floor.map(\.ready)).median
            let activeOverhead = Samples(sequential.map(\.active)).median - Samples(floor.map(\.active)).median
            printTable(
                "Orchestration overhead (sequential p50)", headers: ["ready Kumo / ready virsh", "ACTIVE Kumo − virsh create s"],
                rows: [[String(format: "%.2f×", overhead), String(format: "%.2f", activeOverhead)]])
        }
    }
}

/// One boot: seconds from the request to ACTIVE (or `virsh create` returning) and to the ready line.
struct Boot: Sendable {
    var id: String
    var active: Double
    var ready: Double
}
