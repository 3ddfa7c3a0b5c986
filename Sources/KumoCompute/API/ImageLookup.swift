import Foundation
import HTTPTypes
import KumoClient
import KumoHTTP
import KumoRPC
import NIOHTTP1

/// Reads an image from the image service with the caller's own token, so a server can only be built
/// from an image its user may see.
struct ImageLookup: Sendable {
    let client: KumoHTTPClient
    /// The Image API's base URL, e.g. `http://127.0.0.1:9292`.
    let endpoint: String

    /// The image `id` as the scheduler and agents need it.
    /// - Throws: 400 when it does not exist (or is hidden from the caller) or is not active, as Nova answers.
    func image(_ id: String, token: String) async throws -> ImageSpec {
        let body: JSONValue
        do {
            body = try await client.json(JSONValue.self, .GET, "\(endpoint)/v2/images/\(id)", token: token)
        } catch let failure as APIFailure where failure.status == 404 || failure.status == 403 {
            throw APIError.badRequest("Image \(id) could not be found.")
        } catch let failure as APIFailure {
            throw APIError(.serviceUnavailable, "The image service could not be asked for image \(id): \(failure.message)")
        }
        guard body["status"]?.string == "active" else {
            throw APIError.badRequest("Image \(id) is not active (its status is \(body["status"]?.string ?? "unknown")).")
        }
        var properties: [String: String] = [:]
        if case .object(let fields) = body {
            for (key, value) in fields where !Self.coreFields.contains(key) {
                if let text = value.string { properties[key] = text }
            }
        }
        return ImageSpec(
            id: id, name: body["name"]?.string, diskFormat: body["disk_format"]?.string, size: body["size"]?.int,
            minDiskGB: body["min_disk"]?.int ?? 0, minRAMMB: body["min_ram"]?.int ?? 0, properties: properties)
    }

    /// Glance's own fields; every other top-level string is a property.
    private static let coreFields: Set<String> = [
        "id", "name", "status", "visibility", "protected", "os_hidden", "owner", "disk_format", "container_format",
        "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "min_disk", "min_ram", "created_at",
        "updated_at", "tags", "self", "file", "schema", "locations", "direct_url",
    ]
}
