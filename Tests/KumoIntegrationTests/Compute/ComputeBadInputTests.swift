import AsyncHTTPClient
import Foundation
import KumoClient
import KumoTesting
import NIOCore
import NIOHTTP1
import Testing

/// Bad requests to the Compute API get Nova's status and a message that says what is wrong, and leave
/// nothing behind; a server no host can take goes to ERROR with each host's reason.
@Suite("Compute API bad input", .serialized, .timeLimit(.minutes(10)))
struct ComputeBadInputTests {
    static let hosts = ["cb1", "cb2"]

    @Test("unknown flavor or image, inactive image, flavor too small, quota, too big for every host, anti-affinity, wrong state")
    func badInput() async throws {
        try #require(TinyGuest.missingPrerequisite() == nil)
        let cloud = try await LocalCloud.start(basePort: 16200, image: true, computeHosts: Self.hosts)
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let fixture = try await ComputeCloudFixture(cloud: cloud, http: http)
            let image = try await fixture.tinyImage()
            func refused(_ server: [String: Any], _ status: Int, _ message: String, token: String? = nil) async throws {
                let answer = try await fixture.call(.POST, "/servers", token: token, json: ["server": server])
                #expect(answer.status == status, "\(server): \(String(decoding: answer.body, as: UTF8.self))")
                let fault = answer.json.values.first as? [String: Any]
                #expect((fault?["message"] as? String)?.contains(message) == true, "\(answer.json)")
            }
            func patchImage(_ id: String, minRAM: Int, minDisk: Int) async throws -> Int {
                let patch = [["op": "replace", "path": "/min_ram", "value": minRAM], ["op": "replace", "path": "/min_disk", "value": minDisk]]
                return try await fixture.images.call(
                    .PATCH, "/v2/images/\(id)", headers: [("Content-Type", "application/openstack-images-v2.1-json-patch")],
                    body: .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: patch)))
                ).status
            }
            try await refused(["name": "x", "imageRef": image, "flavorRef": "no-such-flavor"], 400, "Flavor no-such-flavor could not be found")
            let missing = UUID().uuidString.lowercased()
            try await refused(["name": "x", "imageRef": missing, "flavorRef": "1"], 400, "Image \(missing) could not be found")
            let queued = try await fixture.images.create(["name": "empty", "disk_format": "qcow2", "container_format": "bare"])
            try await refused(["name": "x", "imageRef": queued, "flavorRef": "1"], 400, "is not active")
            try await refused(["imageRef": image, "flavorRef": "1"], 400, "'name' is a required property")
            try await refused(["name": "x", "imageRef": image, "flavorRef": "1", "user_data": "not base64!"], 400, "user_data")
            try await refused(["name": "x", "imageRef": image, "flavorRef": "1", "key_name": "nope"], 400, "Invalid key_name")

            // The image wants more than flavor m1.tiny has.
            #expect(try await patchImage(image, minRAM: 1024, minDisk: 2) == 200)
            try await refused(["name": "x", "imageRef": image, "flavorRef": "1"], 400, "Flavor's memory is too small")
            let lowDisk = try await fixture.call(
                .POST, "/flavors", json: ["flavor": ["name": "low-disk", "ram": 2048, "vcpus": 1, "disk": 1, "id": "low-disk"]])
            #expect(lowDisk.status == 200)
            try await refused(["name": "x", "imageRef": image, "flavorRef": "low-disk"], 400, "Flavor's disk is too small")
            #expect(try await patchImage(image, minRAM: 0, minDisk: 0) == 200)

            // A project's quota: 403 naming the quota, and no instance made.
            let alice = try await fixture.images.user("alice")
            let quota = try await fixture.call(.PUT, "/os-quota-sets/\(alice.projectID!)", json: ["quota_set": ["cores": 1]])
            #expect(quota.status == 200)
            try await refused(["name": "x", "imageRef": image, "flavorRef": "3"], 403, "Quota exceeded for cores", token: alice.token)
            let listed = try await fixture.call(.GET, "/servers", token: alice.token).json["servers"] as? [Any]
            #expect(listed?.isEmpty == true)

            // More RAM than any host has (and than no quota limits): ERROR, and the fault names every host's reason.
            let unlimited = try await fixture.call(.PUT, "/os-quota-sets/\(fixture.admin.projectID!)", json: ["quota_set": ["ram": -1]])
            #expect(unlimited.status == 200)
            let flavor = try await fixture.call(
                .POST, "/flavors", json: ["flavor": ["name": "huge", "ram": 64 << 20, "vcpus": 1, "disk": 1, "id": "huge"]])
            #expect(flavor.status == 200)
            let huge = try await fixture.createServer("huge", image: image, flavor: "huge")
            let failed = try await fixture.waitForStatus(huge, "ERROR")
            let fault = try #require((failed["fault"] as? [String: Any])?["message"] as? String)
            for host in Self.hosts { #expect(fault.contains(host), "fault: \(fault)") }
            #expect(fault.contains("RAM"), "fault: \(fault)")

            // Anti-affinity: two members on two hosts; a third finds no host, and the fault says why.
            let group = try await fixture.call(
                .POST, "/os-server-groups", json: ["server_group": ["name": "apart", "policies": ["anti-affinity"]]])
            let groupID = try #require((group.json["server_group"] as? [String: Any])?["id"] as? String)
            let hints = ["os:scheduler_hints": ["group": groupID]]
            func member(_ name: String) async throws -> String {
                let answer = try await fixture.call(
                    .POST, "/servers", json: ["server": ["name": name, "imageRef": image, "flavorRef": "1"]].merging(hints) { $1 })
                return try #require((answer.json["server"] as? [String: Any])?["id"] as? String, "\(answer.json)")
            }
            let first = try await fixture.waitForStatus(try await member("a1"), "ACTIVE")
            let second = try await fixture.waitForStatus(try await member("a2"), "ACTIVE")
            let hosts = Set([first, second].compactMap { $0["OS-EXT-SRV-ATTR:host"] as? String })
            #expect(hosts == Set(Self.hosts))
            let third = try await fixture.waitForStatus(try await member("a3"), "ERROR")
            let apart = try #require((third["fault"] as? [String: Any])?["message"] as? String)
            #expect(apart.contains("ServerGroupAntiAffinityFilter"), "fault: \(apart)")
            let members = try await fixture.call(.GET, "/os-server-groups/\(groupID)").json["server_group"] as? [String: Any]
            #expect((members?["members"] as? [String])?.count == 3)
            let zones = try await fixture.call(.GET, "/os-availability-zone").json["availabilityZoneInfo"] as? [[String: Any]]
            #expect(zones?.first?["zoneName"] as? String == "nova")

            // Actions the state does not allow: 409.
            #expect(try await fixture.call(.POST, "/servers/\(huge)/action", json: ["pause": NSNull()]).status == 409)
            #expect(try await fixture.call(.POST, "/servers/\(huge)/action", json: ["no-such-action": NSNull()]).status == 400)
            #expect(try await fixture.call(.POST, "/servers/\(huge)/action", json: ["reboot": ["type": "GENTLE"]]).status == 400)
            #expect(try await fixture.call(.DELETE, "/servers/\(huge)").status == 204)
            #expect(try await fixture.call(.GET, "/servers/\(huge)").status == 404)
            #expect(try await fixture.call(.GET, "/servers/\(UUID().uuidString)").status == 404)
            #expect(try await fixture.call(.GET, "/flavors/none").status == 404)
            #expect(try await fixture.call(.POST, "/flavors", token: alice.token, json: ["flavor": ["name": "f", "ram": 1, "vcpus": 1, "disk": 1]]).status == 403)
        }
    }
}
