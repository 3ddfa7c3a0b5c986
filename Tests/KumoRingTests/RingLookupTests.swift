import Crypto
import Foundation
import KumoRing
import Testing

@Suite struct RingLookupTests {
    private func ring(zones: Int, serversPerZone: Int = 1, devicesPerServer: Int = 2, partPower: Int = 8) throws
        -> (RingBuilder, Ring)
    {
        var builder = try makeBuilder(
            partPower: partPower, zones: zones, serversPerZone: serversPerZone, devicesPerServer: devicesPerServer)
        try builder.rebalance(now: start)
        return (builder, try builder.makeRing(secret: secret))
    }

    @Test func partitionIsTheTopBitsOfThePathMD5() throws {
        let (_, ring) = try ring(zones: 3)
        let digest = Array(Insecure.MD5.hash(data: Array("kumo-prefix/AUTH_test/photos/cat.jpgkumo-suffix".utf8)))
        let top = digest[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(ring.partition(account: "AUTH_test", container: "photos", object: "cat.jpg") == Int(top >> 24))
        #expect(ring.partition(account: "AUTH_test", container: "photos", object: "cat.jpg") == 173)
        #expect(ring.hash(account: "AUTH_test", container: "photos", object: "cat.jpg") == "ad378279eb7c13017548f3013b8698fc")
        #expect(ring.hash(account: "AUTH_test") == "e909e285e076943a609ad0675a4a5b7e")
        #expect(ring.partition(account: "AUTH_test") == 233)
        let nodes = ring.nodes(account: "AUTH_test")
        #expect(nodes.partition == 233)
        #expect(nodes.nodes == ring.primaryNodes(partition: 233))
    }

    @Test func partitionsStayBelowTheirCount() throws {
        var builder = try makeBuilder(partPower: 18, replicas: 1, zones: 1, devicesPerServer: 1)
        try builder.rebalance(now: start)
        let ring = try builder.makeRing(secret: secret)
        #expect(ring.partitionCount == 1 << 18)
        #expect(ring.partition(account: "AUTH_test", container: "photos", object: "cat.jpg") == 177374)
        var seen = Set<Int>()
        for index in 0..<2000 {
            let partition = ring.partition(account: "AUTH_\(index % 7)", container: "c\(index % 13)", object: "o\(index)")
            #expect((0..<(1 << 18)).contains(partition))
            seen.insert(partition)
        }
        #expect(seen.count > 1900)
    }

    @Test func primariesFollowTheBuilderTable() throws {
        let (builder, ring) = try ring(zones: 3)
        #expect(ring.replicaCount == 3)
        #expect(ring.partPower == 8)
        #expect(ring.version == builder.version)
        #expect(ring.devices == builder.devices)
        for partition in 0..<256 {
            #expect(ring.primaryNodes(partition: partition).map(\.id) == builder.deviceIDs(partition: partition))
        }
    }

    @Test func handoffsAreDistinctNonPrimariesAndRepeatable() throws {
        let (_, ring) = try ring(zones: 3, serversPerZone: 2)
        for partition in 0..<256 {
            let primaries = Set(ring.primaryNodes(partition: partition).map(\.id))
            let handoffs = Array(ring.handoffNodes(partition: partition)).map(\.id)
            #expect(Set(handoffs).count == handoffs.count)
            #expect(primaries.isDisjoint(with: handoffs))
            #expect(handoffs.count == ring.devices.count - 3)
            #expect(Array(ring.handoffNodes(partition: partition)).map(\.id) == handoffs)
        }
    }

    @Test func firstHandoffIsInAZoneWithoutPrimaries() throws {
        let (_, ring) = try ring(zones: 4)
        for partition in 0..<256 {
            let zones = Set(ring.primaryNodes(partition: partition).map(\.zone))
            #expect(zones.count == 3)
            let first = ring.handoffNodes(partition: partition).first { _ in true }
            #expect(first.map { !zones.contains($0.zone) } == true)
        }
    }

    @Test func withNoZoneLeftHandoffsPreferServersWithoutPrimaries() throws {
        // Each zone: one server with two devices and one with a single device.
        var builder = try RingBuilder(partPower: 8, replicas: 3)
        for zone in 1...3 {
            try builder.addDevice(zone: zone, ip: "10.0.\(zone).1", port: 6200, device: "d1", weight: 1)
            try builder.addDevice(zone: zone, ip: "10.0.\(zone).1", port: 6200, device: "d2", weight: 1)
            try builder.addDevice(zone: zone, ip: "10.0.\(zone).2", port: 6200, device: "d1", weight: 1)
        }
        try builder.rebalance(now: start)
        let ring = try builder.makeRing(secret: secret)
        for partition in 0..<256 {
            let used = Set(ring.primaryNodes(partition: partition).map(\.server))
            let fresh = Set(ring.devices.map(\.server)).subtracting(used)
            #expect(fresh.count == 3)
            // One handoff on each server without primaries before anything else.
            let handoffs = Array(ring.handoffNodes(partition: partition))
            #expect(Set(handoffs.prefix(3).map(\.server)) == fresh)
        }
    }
}
