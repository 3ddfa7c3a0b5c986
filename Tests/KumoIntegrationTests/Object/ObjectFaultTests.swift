import Foundation
import KumoClient
import KumoRing
import NIOHTTP1
import KumoRuntime
import KumoTesting
import Testing

/// Faults with real processes: a storage node killed mid-stream, a rotten replica, a wiped device.
@Suite("Object store faults", .serialized, .timeLimit(.minutes(6)))
struct ObjectFaultTests {
    @Test("a node killed during 500 PUTs loses no acknowledged write; back, it gets 3 replicas of everything")
    func nodeKilledDuringPuts() async throws {
        let cloud = try await LocalCloud.start(basePort: 15200)
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let store = try await ObjectStoreFixture(cloud: cloud, http: http)
            try await store.put("stream")
            let progress = PutProgress()
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var index = worker
                        while index < 500 {
                            let body = Data("object \(index) ".utf8) + Data(repeating: UInt8(index % 251), count: 1000 + index)
                            let stored = (try? await store.put("stream", "o\(index)", body: body))?.status == 201
                            await progress.record("o\(index)", body, stored: stored)
                            index += 8
                        }
                    }
                }
                group.addTask {
                    while await progress.attempts < 150 { try? await Task.sleep(for: .milliseconds(5)) }
                    await cloud.kill("z2")
                }
            }
            let written = await progress.acknowledged
            #expect(written.count >= 450, "most PUTs succeed with one node of three down")
            for (name, body) in written {
                #expect(try await store.get("stream", name) == body, "\(name) reads back byte for byte")
            }
            cloud.start("z2")
            try await eventually(within: .seconds(120)) {
                try written.allSatisfy { try store.fullyReplicated("stream", $0.key, expected: $0.value) }
            }
            // The listing caught up too (updates kept pending while z2's container server was down).
            let listing = try await http.send(.GET, store.url("stream") + "?format=json", token: store.session.token)
            let names = Set(try JSONDecoder().decode([[String: JSONValue]].self, from: listing.body).compactMap { $0["name"]?.string })
            #expect(Set(written.keys).isSubset(of: names))
        }
    }

    @Test("a rotten replica is never served; the auditor quarantines it and the replicator restores it")
    func rottenReplica() async throws {
        let cloud = try await LocalCloud.start(basePort: 15300)
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let store = try await ObjectStoreFixture(cloud: cloud, http: http)
            try await store.put("box")
            let served = Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0 * 7) })
            let audited = Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0 * 13) })
            try await store.put("box", "served", body: served)
            try await store.put("box", "audited", body: audited)
            for name in ["served", "audited"] {
                let file = try #require(ObjectStoreFixture.dataFile(in: try store.replicaDirectories("box", name)[0]))
                let handle = try #require(FileHandle(forUpdatingAtPath: file))
                try handle.seek(toOffset: 100)
                try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
                try handle.close()
            }
            for _ in 0..<10 { #expect(try await store.get("box", "served") == served) }
            try await eventually(within: .seconds(90)) {
                try store.fullyReplicated("box", "served", expected: served)
                    && store.fullyReplicated("box", "audited", expected: audited)
            }
            let quarantined = try store.ring().devices.flatMap { device in
                (try? FileManager.default.contentsOfDirectory(
                    atPath: cloud.devicePath(node: device.meta, device: device.device) + "/quarantined/objects")) ?? []
            }
            #expect(quarantined.count == 2)
            #expect(try await store.get("box", "audited") == audited)
        }
    }

    @Test("a wiped device is rebuilt by the replicator")
    func wipedDevice() async throws {
        let cloud = try await LocalCloud.start(basePort: 15400)
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let store = try await ObjectStoreFixture(cloud: cloud, http: http)
            try await store.put("wipe")
            var bodies: [String: Data] = [:]
            for index in 0..<40 {
                let body = Data("wiped \(index)".utf8)
                try await store.put("wipe", "w\(index)", body: body)
                bodies["w\(index)"] = body
            }
            let device = cloud.devicePath(node: "z1", device: "d1")
            let onDevice = try bodies.keys.filter { try store.replicaDirectories("wipe", $0).contains { $0.hasPrefix(device + "/") } }
            #expect(!onDevice.isEmpty)
            // The node keeps running (and replicating into the device) while it is wiped.
            try await ProcessRunner.run(["sh", "-c", "until rm -rf '\(device)'/*; do sleep 0.1; done"])
            #expect(try !onDevice.contains { try store.fullyReplicated("wipe", $0, expected: bodies[$0]!) })
            try await eventually(within: .seconds(90)) {
                try onDevice.allSatisfy { try store.fullyReplicated("wipe", $0, expected: bodies[$0]!) }
            }
        }
    }
}

/// The PUTs of a stream so far, and those acknowledged with their bodies.
actor PutProgress {
    var attempts = 0
    var acknowledged: [String: Data] = [:]

    func record(_ name: String, _ body: Data, stored: Bool) {
        attempts += 1
        if stored { acknowledged[name] = body }
    }
}
