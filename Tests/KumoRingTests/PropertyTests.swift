import Foundation
import KumoRing
import Testing

@Suite struct PropertyTests {
    /// A seeded random layout: one or two regions, up to four zones each, uneven weights.
    private func randomBuilder(seed: UInt64, overload: Double) throws -> RingBuilder {
        var generator = LinearCongruential(state: seed)
        var builder = try RingBuilder(partPower: 9, replicas: 3, minPartHours: 0, overload: overload)
        let weights = [0.5, 1, 1, 2, 3]
        for region in 1...(1 + generator.next(2)) {
            for zone in 1...(1 + generator.next(4)) {
                for server in 1...(1 + generator.next(3)) {
                    for device in 1...(1 + generator.next(3)) {
                        try builder.addDevice(
                            region: region, zone: zone, ip: "10.\(region).\(zone).\(server)", port: 6200,
                            device: "d\(device)", weight: weights[generator.next(weights.count)])
                    }
                }
            }
        }
        return builder
    }

    @Test(arguments: 0..<8)
    func rebalancesAreValidAndSettle(seed: UInt64) throws {
        var builder = try randomBuilder(seed: seed, overload: seed.isMultiple(of: 2) ? 0 : 0.2)
        guard builder.devices.count >= 3 else { return }
        try builder.rebalance(now: start, seed: seed)
        #expect(try builder.rebalance(now: start.addingTimeInterval(hours(1)), seed: seed).moved == 0)

        try builder.setWeight(0, ofDevice: builder.devices[0].id)
        try builder.addDevice(zone: 9, ip: "10.9.9.9", port: 6200, device: "d1", weight: 2)
        try builder.removeDevice(id: builder.devices[1].id)
        let result = try builder.rebalance(now: start.addingTimeInterval(hours(2)), seed: seed)
        #expect(result.moved > 0)
        #expect(try builder.rebalance(now: start.addingTimeInterval(hours(3)), seed: seed).moved == 0)

        let ring = try builder.makeRing(secret: secret)
        #expect(!ring.devices.contains { $0.id == 1 })
        for partition in 0..<builder.partitionCount {
            let ids = builder.deviceIDs(partition: partition)
            #expect(Set(ids).count == 3, "partition \(partition) has a device twice")
            #expect(!ids.contains(builder.devices[0].id), "a zero-weight device holds partition \(partition)")
        }
    }
}

/// A tiny deterministic generator for test layouts.
private struct LinearCongruential {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
