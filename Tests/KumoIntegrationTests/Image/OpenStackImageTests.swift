import AsyncHTTPClient
import Foundation
import KumoClient
import KumoRuntime
import KumoTesting
import NIOCore
import NIOHTTP1
import Testing

/// The unmodified python-openstackclient against `kumod image`, whose images live in the object store,
/// and the Image API's answers to bad input; afterwards the service account holds no orphan object.
@Suite("openstack image against the Kumo image service", .serialized, .timeLimit(.minutes(10)))
struct OpenStackImageTests {
    /// Segments of 1 MiB, so that the tiny image (14 MiB) is a static large object.
    static let settings = ["KUMO_IMAGE_SEGMENT_BYTES": "1048576"]

    @Test("image create (qcow2, public), list, show, save, set --property, add project, member list, delete")
    func commands() async throws {
        let cloud = try await LocalCloud.start(basePort: 15600, image: true, settings: Self.settings)
        defer { cloud.shutdown() }
        let work = try TemporaryDirectory()
        let tinyPath = try await TinyGuest.baseImage()
        let tiny = try Data(contentsOf: URL(fileURLWithPath: tinyPath))
        let osc = try await OpenStackClientTests.openstackCommand()
        @discardableResult
        func openstack(_ arguments: [String], as user: [String: String] = [:]) async throws -> String {
            try await ProcessRunner.run([osc] + arguments, environment: cloud.adminOpenRC.merging(user) { $1 })
        }
        func show(_ image: String, as user: [String: String] = [:]) async throws -> [String: Any] {
            let text = try await openstack(["image", "show", image, "-f", "json"], as: user)
            return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        }

        try await KumoHTTPClient.with { http in
            let fixture = try await ImageCloudFixture(cloud: cloud, http: http)
            try await openstack([
                "image", "create", "--file", tinyPath, "--disk-format", "qcow2", "--container-format", "bare", "--public",
                "kumo-tiny",
            ])
            let image = try await show("kumo-tiny")
            let id = try #require(image["id"] as? String)
            #expect(image["status"] as? String == "active")
            #expect(image["visibility"] as? String == "public")
            #expect(image["size"] as? Int == tiny.count)
            #expect(image["checksum"] as? String == ImageCloudFixture.md5(tiny))
            // openstackclient shows os_hash_algo and os_hash_value among the properties.
            let shown = image["properties"] as? [String: Any] ?? [:]
            #expect(shown["os_hash_algo"] as? String == "sha512")
            #expect(shown["os_hash_value"] as? String == ImageCloudFixture.sha512(tiny))
            let virtualSize = tiny[24..<32].reduce(0) { $0 << 8 | Int($1) }
            #expect(image["virtual_size"] as? Int == virtualSize)

            // Stored as 1 MiB segments and a manifest in the service account, not in the admin's.
            let objects = try await fixture.serviceObjects()
            let segments = (tiny.count + (1 << 20) - 1) >> 20
            #expect(objects["images"]?.count == segments + 1)
            #expect(objects["images"]?.allSatisfy { $0.hasPrefix(id + "/") } == true)

            #expect(try await openstack(["image", "list", "-f", "value", "-c", "Name"]).lines == ["kumo-tiny"])
            try await openstack(["image", "save", "--file", work.path + "/saved.qcow2", "kumo-tiny"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: work.path + "/saved.qcow2")) == tiny)

            // A range across a segment boundary.
            let range = try await fixture.call(.GET, "/v2/images/\(id)/file", headers: [("Range", "bytes=1048000-1049999")])
            #expect(range.status == 206)
            #expect(range.body == tiny[1_048_000..<1_050_000])
            #expect(range.headers.first(name: "Content-Range") == "bytes 1048000-1049999/\(tiny.count)")

            // What a compute agent does: download with a service token, verified on arrival.
            let client = ImageClient(client: http, endpoint: try fixture.admin.endpoint(type: "image"), token: fixture.admin.token)
            try await client.download(id, to: work.path + "/agent.qcow2")
            #expect(try Data(contentsOf: URL(fileURLWithPath: work.path + "/agent.qcow2")) == tiny)

            try await openstack(["image", "set", "--property", "hw_disk_bus=virtio", "--property", "os_distro=kumo", "kumo-tiny"])
            let properties = try await show("kumo-tiny")["properties"] as? [String: Any] ?? [:]
            #expect(properties["hw_disk_bus"] as? String == "virtio")
            #expect(properties["os_distro"] as? String == "kumo")

            // Shared with another project: pending until that project accepts it.
            let alice = try await fixture.user("alice")
            // Tenants cannot reach the service account.
            let serviceAccount = "\(cloud.proxyURL)/v1/AUTH_\(try await fixture.serviceProjectID())"
            await #expect(throws: APIFailure.self) { try await http.send(.GET, serviceAccount, token: alice.token) }
            let aliceRC = ["OS_USERNAME": "alice", "OS_PASSWORD": "alice-pw", "OS_PROJECT_NAME": "alice"]
            try Data("shared image data".utf8).write(to: URL(fileURLWithPath: work.path + "/shared.raw"))
            try await openstack([
                "image", "create", "--file", work.path + "/shared.raw", "--disk-format", "raw", "--container-format", "bare",
                "--shared", "kumo shared",
            ])
            let sharedID = try #require(try await show("kumo shared")["id"] as? String)
            try await openstack(["image", "add", "project", "kumo shared", "alice"])
            let members = try await openstack(["image", "member", "list", "kumo shared", "-f", "value", "-c", "Member ID", "-c", "Status"])
            #expect(members.lines == ["\(alice.projectID!) pending"])
            #expect(try await openstack(["image", "list", "-f", "value", "-c", "Name"], as: aliceRC).lines == ["kumo-tiny"])
            try await openstack(["image", "set", "--accept", sharedID], as: aliceRC)
            #expect(try await openstack(["image", "list", "-f", "value", "-c", "Name"], as: aliceRC).lines.sorted() == ["kumo shared", "kumo-tiny"])

            try await openstack(["image", "delete", "kumo-tiny", "kumo shared"])
            #expect(try await openstack(["image", "list", "-f", "value", "-c", "Name"]).lines.isEmpty)
            #expect(try await fixture.serviceObjects()["images"] == [])
        }
    }

    @Test(
        "bad input: unknown disk format, wrong size or checksum, truncated upload, upload to an active image, others' private image, protected image; no orphans"
    )
    func badInput() async throws {
        let cloud = try await LocalCloud.start(basePort: 15650, image: true, settings: Self.settings)
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let fixture = try await ImageCloudFixture(cloud: cloud, http: http)
            let qcow2: [String: Any] = ["name": "bad", "disk_format": "qcow2", "container_format": "bare"]
            // A qcow2 header (version 3, 64 KiB clusters, 1 GiB virtual) and 3.5 MiB of data: four segments.
            var data = Data([0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3] + [UInt8](repeating: 0, count: 12) + [0, 0, 0, 16])
            data += Data([0, 0, 0, 0, 0x40, 0, 0, 0]) + Data(repeating: 0, count: 104 - 32)
            data += Data((0..<(3_670_016 - 104)).map { UInt8(truncatingIfNeeded: $0 &* 31) })

            let unknown = try await fixture.call(.POST, "/v2/images", json: ["name": "x", "disk_format": "floppy"])
            #expect(unknown.status == 400)
            #expect((unknown.json["badRequest"] as? [String: Any])?["message"] as? String != nil)

            let id = try await fixture.create(qcow2)
            let wrongMD5 = try await fixture.upload(id, data, headers: [("Content-MD5", ImageCloudFixture.md5(Data("other".utf8)))])
            #expect(wrongMD5.status == 400)
            #expect(try await fixture.status(id) == "queued")
            let wrongSize = try await fixture.upload(id, data, headers: [("X-OpenStack-Image-Size", String(data.count + 1))])
            #expect(wrongSize.status == 400)
            #expect(try await fixture.status(id) == "queued")
            let notQCOW2 = try await fixture.upload(id, Data(repeating: 7, count: 4096))
            #expect(notQCOW2.status == 400)

            // The client goes away after 2.5 of 3.5 MiB: two segments were stored, then removed.
            let truncated = TruncatedBody(data: data.prefix(2_621_440))
            await #expect(throws: (any Error).self) {
                _ = try await fixture.call(
                    .PUT, "/v2/images/\(id)/file", headers: [("Content-Type", "application/octet-stream")],
                    body: .stream(truncated, length: .known(Int64(data.count))))
            }
            try await eventually { try await fixture.status(id) == "queued" }
            // The stored segments are removed after the image is queued again, not before.
            try await eventually { (try await fixture.serviceObjects()["images"] ?? []).isEmpty }

            // A good upload, then another one: 409.
            #expect(try await fixture.upload(id, data).status == 204)
            #expect(try await fixture.status(id) == "active")
            let again = try await fixture.upload(id, data)
            #expect(again.status == 409)
            #expect((again.json["conflictingRequest"] as? [String: Any])?["code"] as? Int == 409)
            let downloaded = try await fixture.call(.GET, "/v2/images/\(id)/file")
            #expect(downloaded.body == data)
            #expect(downloaded.headers.first(name: "Content-MD5") == ImageCloudFixture.md5(data))

            // Another project's private image does not exist for it.
            let bob = try await fixture.user("bob")
            let secret = try await fixture.create(["name": "secret", "visibility": "private"])
            #expect(try await fixture.call(.GET, "/v2/images/\(secret)", token: bob.token).status == 404)
            #expect(try await fixture.call(.GET, "/v2/images/\(secret)/file", token: bob.token).status == 404)
            #expect(try await fixture.call(.DELETE, "/v2/images/\(secret)", token: bob.token).status == 404)
            // Bob may not make an image public.
            #expect(try await fixture.call(.POST, "/v2/images", token: bob.token, json: ["visibility": "public"]).status == 403)

            // A protected image cannot be deleted until it is unprotected.
            let kept = try await fixture.create(["name": "kept", "protected": true])
            #expect(try await fixture.call(.DELETE, "/v2/images/\(kept)").status == 403)
            let patch = try await fixture.call(
                .PATCH, "/v2/images/\(kept)", headers: [("Content-Type", "application/openstack-images-v2.1-json-patch")],
                body: .bytes(ByteBuffer(string: #"[{"op": "replace", "path": "/protected", "value": false}]"#)))
            #expect(patch.status == 200)
            #expect(try await fixture.call(.DELETE, "/v2/images/\(kept)").status == 204)
            #expect(try await fixture.call(.GET, "/v2/images/\(kept)").status == 404)

            // Only the active image's objects are left: four segments and their manifest.
            let left = try await fixture.serviceObjects()["images"] ?? []
            #expect(left.count == 5)
            #expect(left.allSatisfy { $0.hasPrefix(id + "/") })
            #expect(try await fixture.call(.DELETE, "/v2/images/\(id)").status == 204)
            #expect(try await fixture.serviceObjects()["images"] == [])
        }
    }
}

/// Bytes, then the connection fails, as when a client dies in the middle of an upload.
struct TruncatedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let data: Data

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: Data

        mutating func next() async throws -> ByteBuffer? {
            guard !rest.isEmpty else { throw CancellationError() }
            let chunk = rest.prefix(65536)
            rest = rest.dropFirst(chunk.count)
            return ByteBuffer(bytes: chunk)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: data) }
}
