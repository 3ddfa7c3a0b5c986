import Foundation
import KumoRing
import Testing

@Suite struct MovementTests {
    @Test func rebalancingAgainWithNothingChangedMovesNothing() throws {
        var builder = try makeBuilder(zones: 3, serversPerZone: 2)
        try builder.rebalance(now: start)
        let before = assignment(builder)
        let version = builder.version
        let again = try builder.rebalance(now: start.addingTimeInterval(hours(10)), seed: 9)
        #expect(again.moved == 0)
        #expect(again.placed == 0)
        #expect(again.version == version)
        #expect(assignment(builder) == before)
    }

    @Test func addingADeviceMovesAboutItsShare() throws {
        var builder = try makeBuilder(zones: 3)
        try builder.rebalance(now: start)
        let before = assignment(builder)
        let added = try builder.addDevice(zone: 4, ip: "10.0.4.1", port: 6200, device: "d1", weight: 1)
        let result = try builder.rebalance(now: start.addingTimeInterval(hours(1)))
        let ideal = 768.0 / 7
        #expect(Double(result.moved) <= ideal * 1.1)
        #expect(Double(result.moved) >= ideal * 0.9)
        #expect(abs(Double(replicaCounts(builder)[added.id]!) - ideal) <= 2)
        #expect(result.balance < 2)
        #expect(result.dispersion == 0)
        let changed = changedReplicas(before, assignment(builder))
        #expect(changed.reduce(0, +) == result.moved)
        #expect(changed.allSatisfy { $0 <= 1 }, "min part hours allows one moved replica per partition")
        #expect(try builder.rebalance(now: start.addingTimeInterval(hours(1))).moved == 0)
    }

    @Test func minPartHoursSpreadsALargeChangeOverTime() throws {
        // Three zones of one device each hold every partition; adding a second device per zone
        // moves half of each zone's replicas: 384 moves, more than one per partition.
        var builder = try makeBuilder(minPartHours: 2, zones: 3, devicesPerServer: 1)
        try builder.rebalance(now: start)
        let initial = assignment(builder)
        for zone in 1...3 {
            try builder.addDevice(zone: zone, ip: "10.0.\(zone).2", port: 6200, device: "d1", weight: 1)
        }

        let first = try builder.rebalance(now: start.addingTimeInterval(hours(1)))
        let afterFirst = assignment(builder)
        let firstChanges = changedReplicas(initial, afterFirst)
        #expect(firstChanges.allSatisfy { $0 <= 1 })
        #expect(first.moved == firstChanges.reduce(0, +))
        #expect(first.moved < 384)
        let movedPartitions = firstChanges.indices.filter { firstChanges[$0] == 1 }

        let second = try builder.rebalance(now: start.addingTimeInterval(hours(2)))
        let afterSecond = assignment(builder)
        for partition in movedPartitions {
            #expect(afterSecond[partition] == afterFirst[partition], "partition \(partition) moved twice in 2 hours")
        }
        #expect(changedReplicas(initial, afterSecond).allSatisfy { $0 <= 1 })

        let third = try builder.rebalance(now: start.addingTimeInterval(hours(3.5)))
        #expect(first.moved + second.moved + third.moved == 384)
        #expect(third.balance < 1)
        for count in replicaCounts(builder).values { #expect(count == 128) }
        #expect(try builder.rebalance(now: start.addingTimeInterval(hours(10))).moved == 0)
    }

    @Test func removingADeviceMovesItsReplicasAndLittleElse() throws {
        var builder = try makeBuilder(zones: 3)
        try builder.rebalance(now: start)
        let before = assignment(builder)
        let removed = builder.devices[0]
        let held = before.joined().count { $0 == removed.id }
        try builder.removeDevice(id: removed.id)
        #expect(builder.removedDevices == [removed])
        // A ring made before the rebalance still knows the removed device.
        #expect(try builder.makeRing(secret: secret).devices.contains(removed))

        let result = try builder.rebalance(now: start.addingTimeInterval(hours(1)))
        let after = assignment(builder)
        #expect(!after.joined().contains(removed.id))
        #expect(builder.removedDevices.isEmpty)
        #expect(result.moved >= held)
        #expect(Double(result.moved) <= Double(held) * 1.1)
        let changed = changedReplicas(before, after)
        for partition in 0..<256 where !before[partition].contains(removed.id) {
            #expect(changed[partition] <= 1)
        }
        #expect(result.balance < 2)
        #expect(result.dispersion == 0)
    }

    @Test func zeroWeightEmptiesADeviceEvenWithinMinPartHours() throws {
        var builder = try makeBuilder(minPartHours: 24, zones: 3)
        try builder.rebalance(now: start)
        try builder.addDevice(zone: 4, ip: "10.0.4.1", port: 6200, device: "d1", weight: 1)
        try builder.rebalance(now: start)
        let drained = builder.devices[1]
        try builder.setWeight(0, ofDevice: drained.id)
        let result = try builder.rebalance(now: start.addingTimeInterval(hours(1)))
        #expect(replicaCounts(builder)[drained.id] == 0)
        #expect(result.moved > 0)
        for partition in 0..<256 {
            #expect(Set(builder.deviceIDs(partition: partition)).count == 3)
        }
    }
}
