import Foundation
import KumoClient
import KumoHTTP

/// The body of `POST /servers`, checked field by field with Nova's 400 messages.
struct ServerCreateRequest: Sendable {
    var name: String
    var imageRef: String
    var flavorRef: String
    var keyName: String?
    var userData: String?
    var metadata: [String: String]
    var availabilityZone: String?
    var minCount: Int
    var maxCount: Int
    var returnReservationID: Bool
    var groupID: String?

    init(_ body: JSONValue, maxCount limit: Int) throws {
        guard let server = body["server"]?.object else {
            throw APIError.badRequest("Invalid input for field/attribute server: a 'server' object is required.")
        }
        guard let name = server["name"]?.string else {
            throw APIError.badRequest("Invalid input for field/attribute name: 'name' is a required property.")
        }
        guard (1...255).contains(name.count), name.trimmingCharacters(in: .whitespaces) == name else {
            throw APIError.badRequest(
                "Invalid input for field/attribute name: '\(name)' must be 1 to 255 characters without leading or trailing spaces.")
        }
        self.name = name
        guard let imageRef = server["imageRef"]?.string, !imageRef.isEmpty else {
            throw APIError.badRequest("Invalid input for field/attribute imageRef: an image id is required (no volume boot here).")
        }
        self.imageRef = Self.lastPathComponent(imageRef)
        guard UUID(uuidString: self.imageRef) != nil else {
            throw APIError.badRequest("Invalid imageRef provided: \(imageRef) is not an image id.")
        }
        guard let flavorRef = server["flavorRef"].flatMap({ $0.string ?? $0.int.map(String.init) }), !flavorRef.isEmpty else {
            throw APIError.badRequest("Invalid input for field/attribute flavorRef: 'flavorRef' is a required property.")
        }
        self.flavorRef = Self.lastPathComponent(flavorRef)
        keyName = try Self.optionalString(server, "key_name")
        userData = try Self.optionalString(server, "user_data")
        if let userData {
            guard let decoded = Data(base64Encoded: userData) else {
                throw APIError.badRequest("Invalid input for field/attribute user_data: it is not valid base64.")
            }
            guard decoded.count <= 65535 else {
                throw APIError.badRequest("Invalid input for field/attribute user_data: longer than 65535 bytes once decoded.")
            }
        }
        metadata = [:]
        if let value = server["metadata"] {
            guard let object = value.object else {
                throw APIError.badRequest("Invalid input for field/attribute metadata: it must be an object.")
            }
            for (key, value) in object {
                guard let text = value.string, (1...255).contains(key.count), text.count <= 255 else {
                    throw APIError.badRequest(
                        "Invalid input for field/attribute metadata: '\(key)' must map to a string, keys 1 to 255 and values up to 255 characters.")
                }
                metadata[key] = text
            }
        }
        availabilityZone = try Self.optionalString(server, "availability_zone")
        minCount = try Self.count(server, "min_count") ?? 1
        maxCount = try Self.count(server, "max_count") ?? minCount
        guard minCount <= maxCount else {
            throw APIError.badRequest("min_count (\(minCount)) must be <= max_count (\(maxCount)).")
        }
        guard maxCount <= limit else {
            throw APIError.badRequest("max_count (\(maxCount)) is more than the \(limit) servers one request may create.")
        }
        returnReservationID = server["return_reservation_id"]?.bool ?? false
        if let hints = body["os:scheduler_hints"]?.object ?? body["OS-SCH-HNT:scheduler_hints"]?.object,
            let group = hints["group"]
        {
            guard let id = group.string, UUID(uuidString: id) != nil else {
                throw APIError.badRequest("Invalid input for field/attribute group: it must be a server group id.")
            }
            groupID = id.lowercased()
        }
        if let networks = server["networks"], networks != "auto", networks != "none", networks.array == nil {
            throw APIError.badRequest("Invalid input for field/attribute networks: 'auto', 'none' or a list.")
        }
    }

    private static func lastPathComponent(_ reference: String) -> String {
        reference.split(separator: "/").last.map(String.init) ?? reference
    }

    private static func optionalString(_ object: [String: JSONValue], _ key: String) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.string else {
            throw APIError.badRequest("Invalid input for field/attribute \(key): it must be a string.")
        }
        return text
    }

    private static func count(_ object: [String: JSONValue], _ key: String) throws -> Int? {
        guard let value = object[key] else { return nil }
        guard let count = value.int ?? value.string.flatMap({ Int($0) }), count >= 1 else {
            throw APIError.badRequest("Invalid input for field/attribute \(key): it must be an integer of 1 or more.")
        }
        return count
    }
}
