import Foundation
import KumoRPC
import KumoRuntime
import Testing

@testable import KumoVirt

@Suite("config drive")
struct ConfigDriveTests {
    static let instance = InstanceSpec.fixture(
        userData: Data("#!/bin/sh\necho hello\n".utf8).base64EncodedString(), metadata: ["role": "web", "tier": "1"],
        keyName: "mykey", publicKey: "ssh-ed25519 AAAAC3Nza test@kumo")

    /// A file of the ISO at `iso`, by its Joliet name.
    static func read(_ file: String, from iso: String) async throws -> String {
        try await ProcessRunner.run(["isoinfo", "-J", "-i", iso, "-x", file])
    }

    @Test("the ISO is labelled config-2 and holds meta_data.json and user_data")
    func iso() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/config.iso"
            try await ConfigDrive(instance: Self.instance).write(to: path)
            #expect(!FileManager.default.fileExists(atPath: "\(path).staging"))
            let description = try await ProcessRunner.run(["isoinfo", "-d", "-i", path])
            #expect(description.contains("Volume id: config-2"))
            let json = try await Self.read("/openstack/latest/meta_data.json", from: path)
            let meta = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(meta["uuid"] as? String == Self.instance.uuid)
            #expect(meta["name"] as? String == "web-1")
            #expect(meta["hostname"] as? String == "web-1")
            #expect(meta["availability_zone"] as? String == "nova")
            #expect(meta["project_id"] as? String == "p-1")
            #expect(meta["launch_index"] as? Int == 0)
            #expect(meta["meta"] as? [String: String] == ["role": "web", "tier": "1"])
            #expect(meta["public_keys"] as? [String: String] == ["mykey": "ssh-ed25519 AAAAC3Nza test@kumo"])
            let userData = try await Self.read("/openstack/latest/user_data", from: path)
            #expect(userData == "#!/bin/sh\necho hello\n")
        }
    }

    @Test("without user data there is no user_data file and no keys")
    func minimal() throws {
        let files = try ConfigDrive(instance: .fixture()).files()
        #expect(Set(files.keys) == ["openstack/latest/meta_data.json"])
        let meta = try #require(
            try JSONSerialization.jsonObject(with: files["openstack/latest/meta_data.json"]!) as? [String: Any])
        #expect(meta["public_keys"] as? [String: String] == [:])
        #expect(meta["meta"] as? [String: String] == [:])
    }

    @Test("user data that is not base64 is refused")
    func badUserData() {
        #expect(throws: VirtError.self) { try ConfigDrive(instance: .fixture(userData: "not base64!")).files() }
    }
}
