import Foundation
import KumoRuntime

/// Making an instance's root disk: a qcow2 overlay on its cached base image.
enum InstanceDisk {
    /// What `qemu-img info --output=json` says of an image.
    struct ImageInfo: Decodable {
        var format: String
        var virtualSize: Int

        enum CodingKeys: String, CodingKey {
            case format
            case virtualSize = "virtual-size"
        }
    }

    static func info(of path: String) async throws -> ImageInfo {
        let output = try await ProcessRunner.run(["qemu-img", "info", "--output=json", path])
        do {
            return try JSONDecoder().decode(ImageInfo.self, from: Data(output.utf8))
        } catch {
            throw VirtError.unreadableImage(path: path)
        }
    }

    /// The overlay's virtual size in bytes: the image's, grown to `rootGB` GiB when that is larger;
    /// `rootGB` 0 keeps the image's size.
    static func size(rootGB: Int, imageBytes: Int, uuid: String) throws(VirtError) -> Int {
        let rootBytes = rootGB << 30
        guard rootGB > 0 else { return imageBytes }
        guard rootBytes >= imageBytes else {
            throw .rootDiskTooSmall(uuid: uuid, rootGB: rootGB, imageBytes: imageBytes)
        }
        return rootBytes
    }

    /// Creates the overlay at `path` on `base`, replacing any file there.
    static func create(at path: String, base: String, rootGB: Int, uuid: String) async throws {
        let image = try await info(of: base)
        let bytes = try size(rootGB: rootGB, imageBytes: image.virtualSize, uuid: uuid)
        try? FileManager.default.removeItem(atPath: path)
        try await ProcessRunner.run([
            "qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", image.format, path, String(bytes),
        ])
    }
}
