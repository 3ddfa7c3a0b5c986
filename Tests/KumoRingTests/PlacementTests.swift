import Foundation
import KumoRing
import Testing

@Suite struct PlacementTests {
    @Test func threeZonesEqualWeightsSpreadAndBalance() throws {
        var builder = try makeBuilder(zones: 3)
        let result = try builder.rebalance(now: start)
        #expect(result.placed == 768)
        #expect(result.moved == 0)
        #expect(result.dispersion == 0)
        #expect(result.balance < 1)
        for partition in 0..<256 {
            let zones = Set(builder.deviceIDs(partition: partition).map { zoneOf(builder, $0) })
            #expect(zones.count == 3, "partition \(partition) is in zones \(zones)")
        }
        for (id, count) in replicaCounts(builder) {
            #expect(abs(count - 128) <= 1, "device \(id) holds \(count)")
        }
    }

    @Test func weightsOneToTwoInOneZoneGetProportionalShares() throws {
        var builder = try RingBuilder(partPower: 8, replicas: 3)
        let light = try builder.addDevice(zone: 1, ip: "10.0.1.1", port: 6200, device: "d1", weight: 1)
        let heavy = try builder.addDevice(zone: 1, ip: "10.0.1.1", port: 6200, device: "d2", weight: 2)
        for zone in 2...3 {
            for device in 1...2 {
                try builder.addDevice(zone: zone, ip: "10.0.\(zone).1", port: 6200, device: "d\(device)", weight: 1.5)
            }
        }
        let result = try builder.rebalance(now: start, seed: 7)
        let counts = replicaCounts(builder)
        // Zones weigh 3 each, so zone 1 holds one replica of every partition: 1/3 and 2/3 of 256.
        #expect(abs(Double(counts[light.id]!) - 256.0 / 3) <= 2)
        #expect(abs(Double(counts[heavy.id]!) - 512.0 / 3) <= 2)
        for id in builder.devices.map(\.id) where builder.device(id: id)!.zone != 1 {
            #expect(abs(counts[id]! - 128) <= 1)
        }
        #expect(result.balance < 2)
        #expect(result.dispersion == 0)
    }

    @Test func unevenZonesFollowWeightsUnlessOverloadAllowsDispersion() throws {
        var builder = try RingBuilder(partPower: 8, replicas: 3)
        for (zone, devices) in [(1, 3), (2, 2), (3, 2)] {
            for device in 1...devices {
                try builder.addDevice(zone: zone, ip: "10.0.\(zone).1", port: 6200, device: "d\(device)", weight: 1)
            }
        }
        var byWeight = builder
        let weighted = try byWeight.rebalance(now: start)
        // Seven equal devices: 768 / 7 each; zone 1 then needs two replicas of some partitions.
        #expect(weighted.balance < 2)
        for count in replicaCounts(byWeight).values { #expect(abs(Double(count) - 768.0 / 7) <= 2) }

        var dispersed = builder
        try dispersed.setOverload(0.5)
        let spread = try dispersed.rebalance(now: start)
        #expect(spread.dispersion == 0)
        for partition in 0..<256 {
            #expect(Set(dispersed.deviceIDs(partition: partition).map { zoneOf(dispersed, $0) }).count == 3)
        }
        #expect(spread.balance > weighted.balance)
    }

    @Test func serversAndDevicesAreDistinctWhenZonesRunOut() throws {
        // One zone, three servers of two devices: replicas go to three different servers.
        var builder = try makeBuilder(zones: 1, serversPerZone: 3, devicesPerServer: 2)
        let result = try builder.rebalance(now: start)
        #expect(result.dispersion == 0)
        for partition in 0..<256 {
            let servers = Set(builder.deviceIDs(partition: partition).map { builder.device(id: $0)!.ip })
            #expect(servers.count == 3)
        }
    }

    @Test func sameSeedSameRingOtherSeedOtherRing() throws {
        var first = try makeBuilder(zones: 3, serversPerZone: 2)
        var second = first
        var third = first
        try first.rebalance(now: start, seed: 42)
        try second.rebalance(now: start, seed: 42)
        try third.rebalance(now: start, seed: 43)
        #expect(assignment(first) == assignment(second))
        #expect(assignment(first) != assignment(third))
        #expect(try first.makeRing(secret: secret) == second.makeRing(secret: secret))
    }

    @Test func largerRingIsBalancedAndSpread() throws {
        var builder = try makeBuilder(partPower: 14, zones: 4, serversPerZone: 2, devicesPerServer: 3)
        try builder.addDevice(zone: 1, ip: "10.0.1.9", port: 6200, device: "big", weight: 3)
        let result = try builder.rebalance(now: start)
        #expect(result.balance < 1)
        #expect(result.dispersion == 0)
    }

    @Test func refusesImpossibleRings() throws {
        #expect(throws: RingError.badPartPower(0)) { try RingBuilder(partPower: 0, replicas: 3) }
        #expect(throws: RingError.badPartPower(25)) { try RingBuilder(partPower: 25, replicas: 3) }
        #expect(throws: RingError.badReplicaCount(0)) { try RingBuilder(partPower: 8, replicas: 0) }
        #expect(throws: RingError.missingHashPathSecret) { try HashPathSecret() }

        var builder = try RingBuilder(partPower: 8, replicas: 3)
        #expect(throws: RingError.noDevices) { try builder.rebalance(now: start) }
        let first = try builder.addDevice(zone: 1, ip: "10.0.0.1", port: 6200, device: "d1", weight: 1)
        #expect(throws: RingError.duplicateDevice(ip: "10.0.0.1", port: 6200, device: "d1", existingID: first.id)) {
            try builder.addDevice(zone: 2, ip: "10.0.0.1", port: 6200, device: "d1", weight: 1)
        }
        #expect(throws: RingError.self) { try builder.addDevice(zone: 1, ip: "10.0.0.1", port: 0, device: "d2", weight: 1) }
        #expect(throws: RingError.self) { try builder.addDevice(zone: 1, ip: "10.0.0.1", port: 6200, device: "d2", weight: -1) }
        try builder.addDevice(zone: 2, ip: "10.0.0.2", port: 6200, device: "d1", weight: 1)
        try builder.addDevice(zone: 3, ip: "10.0.0.3", port: 6200, device: "d1", weight: 0)
        #expect(throws: RingError.notEnoughDevices(replicas: 3, weighted: 2)) { try builder.rebalance(now: start) }
        #expect(throws: RingError.notRebalanced) { try builder.makeRing(secret: secret) }
        #expect(throws: RingError.unknownDevice(id: 99)) { try builder.setWeight(1, ofDevice: 99) }
        #expect(throws: RingError.unknownDevice(id: 99)) { try builder.removeDevice(id: 99) }
        #expect(
            RingError.notEnoughDevices(replicas: 3, weighted: 2).description
                == "3 replicas need at least 3 devices with weight above zero; there are 2")
    }
}
