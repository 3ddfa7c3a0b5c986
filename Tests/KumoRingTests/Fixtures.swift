import Foundation
import KumoRing
import Synchronization

let secret = try! HashPathSecret(prefix: "kumo-prefix", suffix: "kumo-suffix")
let start = Date(timeIntervalSince1970: 1_700_000_000)

func hours(_ count: Double) -> TimeInterval { count * 3600 }

/// A builder with `zones` zones in region 1, each with `serversPerZone` servers of `devicesPerServer` devices.
func makeBuilder(
    partPower: Int = 8, replicas: Int = 3, minPartHours: Int = 1, zones: Int, serversPerZone: Int = 1,
    devicesPerServer: Int = 2, weight: Double = 1
) throws -> RingBuilder {
    var builder = try RingBuilder(partPower: partPower, replicas: replicas, minPartHours: minPartHours)
    for zone in 1...zones {
        for server in 1...serversPerZone {
            for device in 1...devicesPerServer {
                try builder.addDevice(
                    zone: zone, ip: "10.0.\(zone).\(server)", port: 6200, device: "d\(device)", weight: weight)
            }
        }
    }
    return builder
}

/// Device id → partition-replicas it holds.
func replicaCounts(_ builder: RingBuilder) -> [Int: Int] {
    var counts: [Int: Int] = [:]
    for device in builder.devices { counts[device.id] = 0 }
    for partition in 0..<builder.partitionCount {
        for id in builder.deviceIDs(partition: partition) { counts[id, default: 0] += 1 }
    }
    return counts
}

/// Per partition, its device ids in replica order.
func assignment(_ builder: RingBuilder) -> [[Int]] {
    (0..<builder.partitionCount).map { builder.deviceIDs(partition: $0) }
}

/// How many replicas of each partition are on a different device in `after` than in `before`.
func changedReplicas(_ before: [[Int]], _ after: [[Int]]) -> [Int] {
    zip(before, after).map { old, new in zip(old, new).count { $0 != $1 } }
}

func zoneOf(_ builder: RingBuilder, _ id: Int) -> Int {
    builder.device(id: id)!.zone
}

func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-ring-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let base = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }

    var now: ContinuousClock.Instant { base + offset.withLock { $0 } }
}
