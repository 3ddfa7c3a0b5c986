import Foundation
import KumoRPC
import KumoRuntime

/// An instance's config drive in OpenStack's format: an ISO9660 filesystem labelled `config-2` with
/// `openstack/latest/meta_data.json` and, when the instance has user data, `openstack/latest/user_data`.
public struct ConfigDrive: Sendable {
    /// `meta_data.json`, with Nova's key names.
    struct MetaData: Encodable, Equatable {
        var uuid: String
        var name: String
        var hostname: String
        var availabilityZone: String?
        var projectID: String
        var launchIndex = 0
        var meta: [String: String]
        var publicKeys: [String: String]

        enum CodingKeys: String, CodingKey {
            case uuid, name, hostname, meta
            case availabilityZone = "availability_zone"
            case projectID = "project_id"
            case launchIndex = "launch_index"
            case publicKeys = "public_keys"
        }
    }

    public let instance: InstanceSpec

    public init(instance: InstanceSpec) {
        self.instance = instance
    }

    var metaData: MetaData {
        var keys: [String: String] = [:]
        if let keyName = instance.keyName, let publicKey = instance.publicKey { keys[keyName] = publicKey }
        return MetaData(
            uuid: instance.uuid, name: instance.name, hostname: instance.hostname,
            availabilityZone: instance.availabilityZone, projectID: instance.projectID, meta: instance.metadata,
            publicKeys: keys)
    }

    /// The files of the drive, by path inside it.
    func files() throws -> [String: Data] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var files = ["openstack/latest/meta_data.json": try encoder.encode(metaData)]
        if let userData = instance.userData {
            guard let decoded = Data(base64Encoded: userData, options: .ignoreUnknownCharacters) else {
                throw VirtError.invalidUserData(uuid: instance.uuid)
            }
            files["openstack/latest/user_data"] = decoded
        }
        return files
    }

    /// Writes the drive as an ISO image at `path` (with `genisoimage`), through a staging directory
    /// beside it that is removed afterwards.
    public func write(to path: String) async throws {
        let files = FileManager.default
        let staging = "\(path).staging"
        try? files.removeItem(atPath: staging)
        defer { try? files.removeItem(atPath: staging) }
        for (name, data) in try self.files() {
            let file = URL(fileURLWithPath: "\(staging)/\(name)")
            try files.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
        try await ProcessRunner.run(["genisoimage", "-quiet", "-o", path, "-V", "config-2", "-J", "-r", staging])
    }
}
