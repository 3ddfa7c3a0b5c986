import Foundation
import KumoClient
import KumoRuntime
import KumoTesting
import Testing

/// `kumo`'s image commands, the built binary as a user runs it, against the Kumo image service (its
/// images in the object store).
@Suite("kumo image commands against the Kumo image service", .serialized, .timeLimit(.minutes(5)))
struct KumoImageCLITests {
    typealias Object = [String: JSONValue]

    @Test("image create (qcow2, public, property), list, show, set, save, delete; bad input names the status")
    func commands() async throws {
        let cloud = try await LocalCloud.start(basePort: 15900, image: true)
        defer { cloud.shutdown() }
        let home = try TemporaryDirectory(prefix: "kumo-image-cli-home")
        let work = try TemporaryDirectory(prefix: "kumo-image-cli")
        let environment = cloud.adminOpenRC.merging(["KUMO_HOME": home.path]) { $1 }

        let cli = KumoCLIRunner(environment: environment)
        func show(_ image: String) async throws -> Object {
            try JSONDecoder().decode(Object.self, from: Data(try await cli.succeed(["image", "show", image, "-f", "json"]).utf8))
        }

        let qcow2 = work.path + "/disk.qcow2"
        try await ProcessRunner.run(["qemu-img", "create", "-q", "-f", "qcow2", qcow2, "64M"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: qcow2))

        // Create: the data streamed with its progress; the image printed.
        let output = try await cli.succeed([
            "image", "create", "--file", qcow2, "--disk-format", "qcow2", "--public", "--property", "os_distro=kumo",
            "kumo-disk",
        ])
        #expect(output.contains("100%"), "\(output)")
        #expect(output.contains("| status "), "\(output)")
        let created = try await show("kumo-disk")
        let id = try #require(created["id"]?.string)
        #expect(created["status"] == "active")
        #expect(created["visibility"] == "public")
        #expect(created["disk_format"] == "qcow2")
        #expect(created["container_format"] == "bare")
        #expect(created["os_distro"] == "kumo")
        #expect(created["size"] == .number(Double(bytes.count)))
        #expect(created["virtual_size"] == .number(Double(64 << 20)))
        #expect(created["checksum"]?.string == ImageCloudFixture.md5(bytes))
        #expect(created["self"] == nil)
        #expect(try await show(id)["name"] == "kumo-disk")

        // List.
        let listed = try await cli.json([Object].self, ["image", "list"])
        #expect(listed.compactMap { $0["id"]?.string } == [id])
        let table = try await cli.succeed(["image", "list"])
        #expect(table.contains("| ID "), "\(table)")
        #expect(table.contains("| \(id) | kumo-disk | active | \(bytes.count) | public     |"), "\(table)")

        // Set: properties, name, visibility.
        try await cli.succeed(["image", "set", "kumo-disk", "--property", "hw_disk_bus=virtio", "--property", "os_distro=debian"])
        var changed = try await show("kumo-disk")
        #expect(changed["hw_disk_bus"] == "virtio")
        #expect(changed["os_distro"] == "debian")
        try await cli.succeed(["image", "set", id, "--name", "kumo-base", "--private"])
        changed = try await show("kumo-base")
        #expect(changed["id"]?.string == id)
        #expect(changed["visibility"] == "private")

        // Save: the same bytes, checked.
        let saved = work.path + "/saved.qcow2"
        let save = try await cli.succeed(["image", "save", "kumo-base", "--file", saved])
        #expect(save.contains("100%"), "\(save)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved)) == bytes)

        // Two images of one name: the name is ambiguous, the IDs are not.
        try await cli.succeed(["image", "create", "--file", qcow2, "--disk-format", "qcow2", "-q", "kumo-base"])
        let twice = try await cli.run(["image", "show", "kumo-base"])
        #expect(twice.status != 0)
        #expect(twice.output.contains("kumo: More than one image exists with the name 'kumo-base'"), "\(twice.output)")
        let ids = try await cli.json([Object].self, ["image", "list"]).compactMap { $0["id"]?.string }
        #expect(ids.count == 2)

        // Delete.
        try await cli.succeed(["image", "delete"] + ids)
        #expect(try await cli.json([Object].self, ["image", "list"]).isEmpty)
        let gone = try await cli.run(["image", "show", id])
        #expect(gone.status != 0)
        #expect(gone.output.contains("kumo: No image with a name or ID of '\(id)' exists. (HTTP 404)"), "\(gone.output)")

        // Bad input: an unknown disk format is the service's 400, and leaves no image behind.
        let bad = try await cli.run(["image", "create", "--file", qcow2, "--disk-format", "floppy", "bad-format"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("kumo: ") && bad.output.contains("(HTTP 400)"), "\(bad.output)")
        #expect(try await cli.json([Object].self, ["image", "list"]).isEmpty)
        let missing = try await cli.run(["image", "create", "--file", work.path + "/absent.qcow2", "absent"])
        #expect(missing.status != 0)
        #expect(missing.output.contains("kumo: cannot read \(work.path)/absent.qcow2"), "\(missing.output)")
    }
}
