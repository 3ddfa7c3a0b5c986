import Foundation
import KumoRing
import Synchronization
import Testing

@Suite struct FileTests {
    private func builder() throws -> RingBuilder {
        var builder = try makeBuilder(zones: 3)
        try builder.rebalance(now: start)
        return builder
    }

    @Test func ringFileRoundTrip() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/object.ring"
        let ring = try builder().makeRing(secret: secret, version: 41)
        try ring.write(to: path)
        let loaded = try Ring(contentsOf: path, secret: secret)
        #expect(loaded == ring)
        #expect(loaded.version == 41)
        #expect(loaded.primaryNodes(partition: 17) == ring.primaryNodes(partition: 17))
        #expect(Array(loaded.handoffNodes(partition: 17)) == Array(ring.handoffNodes(partition: 17)))
        // Header, 3 × 256 UInt16s and a SHA-256: compact.
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(size < 3 * 256 * 2 + 2048)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["object.ring"])
    }

    @Test func damagedRingFilesAreRejectedWithTheReason() throws {
        let ring = try builder().makeRing(secret: secret)
        let bytes = ring.encoded()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x01
        let badMagic = [UInt8]("XXXX".utf8) + bytes.dropFirst(4)
        for (damaged, reason) in [
            (flipped, "checksum"), (Array(bytes.dropLast(100)), "checksum"), (badMagic, "magic"), ([1, 2, 3], "bytes"),
        ] {
            let error = #expect(throws: RingError.self) { try Ring(decoding: damaged, secret: secret) }
            guard case .corruptRingFile(nil, let message) = error else {
                Issue.record("unexpected \(String(describing: error))")
                continue
            }
            #expect(message.contains(reason))
        }

        let path = try temporaryDirectory() + "/object.ring"
        try Data(flipped).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: RingError.self) { try Ring(contentsOf: path, secret: secret) }
        guard case .corruptRingFile(path, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(error?.description.contains(path) == true)
        let missing = #expect(throws: RingError.self) { try Ring(contentsOf: path + ".gone", secret: secret) }
        guard case .io(path + ".gone", _, _) = missing else {
            Issue.record("unexpected \(String(describing: missing))")
            return
        }
    }

    @Test func builderFileRoundTrip() throws {
        var original = try builder()
        try original.removeDevice(id: 2)
        try original.setWeight(2, ofDevice: 3)
        let path = try temporaryDirectory() + "/object.builder"
        try original.save(to: path)
        var loaded = try RingBuilder.load(from: path)
        #expect(loaded == original)
        #expect(try loaded.rebalance(now: start, seed: 5) == original.rebalance(now: start, seed: 5))
        #expect(loaded == original)

        try Data("{\"format\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: RingError.self) { try RingBuilder.load(from: path) }
        guard case .corruptBuilderFile(path, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test func reloadingRingPicksUpNewVersionsAndKeepsTheOldOneOnBadFiles() throws {
        let path = try temporaryDirectory() + "/object.ring"
        var builder = try builder()
        try builder.makeRing(secret: secret).write(to: path)
        let firstVersion = builder.version
        let clock = ManualClock()
        let errors = Mutex<[RingError]>([])
        let reloading = try ReloadingRing(
            path: path, secret: secret, checkInterval: .seconds(10), now: { clock.now },
            onError: { error in errors.withLock { $0.append(error) } })
        #expect(reloading.current.version == firstVersion)

        try builder.addDevice(zone: 4, ip: "10.0.4.1", port: 6200, device: "d1", weight: 1)
        try builder.rebalance(now: start)
        try builder.makeRing(secret: secret).write(to: path)
        #expect(builder.version > firstVersion)
        clock.advance(by: .seconds(5))
        #expect(reloading.current.version == firstVersion, "not checked before the interval")
        clock.advance(by: .seconds(5))
        #expect(reloading.current.version == builder.version)
        #expect(reloading.current.devices.count == 7)

        try Data("not a ring".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        clock.advance(by: .seconds(10))
        #expect(reloading.current.version == builder.version)
        clock.advance(by: .seconds(10))
        #expect(reloading.current.version == builder.version)
        let reported = errors.withLock { $0 }
        #expect(reported.count == 1, "one report per bad file")
        guard case .corruptRingFile(path, _) = reported.first else {
            Issue.record("unexpected \(reported)")
            return
        }
        #expect(throws: RingError.self) { try reloading.reload() }

        try FileManager.default.removeItem(atPath: path)
        clock.advance(by: .seconds(10))
        #expect(reloading.current.version == builder.version)
        #expect(errors.withLock { $0.count } == 2)

        try builder.makeRing(secret: secret, version: builder.version + 1).write(to: path)
        clock.advance(by: .seconds(10))
        #expect(reloading.current.version == builder.version + 1)
        #expect(try reloading.reload() == false)
    }
}
