import Foundation
import KumoClient
import KumoHTTP

/// A JSON patch of an image, as `PATCH /v2/images/{id}` takes it
/// (`application/openstack-images-v2.1-json-patch`): `add`, `replace` and `remove` of top-level
/// attributes and properties.
///
/// `add` sets (whether the property exists or not); `replace` needs an existing property (409
/// otherwise); `remove` takes away a property, never a schema attribute (403).
struct JSONPatch: Sendable, Equatable {
    static let mediaType = "application/openstack-images-v2.1-json-patch"

    enum Operation: Sendable, Equatable {
        case add(String, JSONValue)
        case replace(String, JSONValue)
        case remove(String)
    }

    var operations: [Operation]

    init(operations: [Operation]) {
        self.operations = operations
    }

    /// Reads a patch document.
    /// - Throws: 400 for anything but a list of `{"op", "path"[, "value"]}` objects on `/<name>` paths.
    init(parsing document: JSONValue) throws(APIError) {
        guard let items = document.array else {
            throw APIError.badRequest("The request body must be a JSON list of patch operations.")
        }
        var operations: [Operation] = []
        for item in items {
            guard case .object(let fields) = item, let op = fields["op"]?.string, let path = fields["path"]?.string else {
                throw APIError.badRequest("Each patch operation is an object with an 'op' and a 'path'.")
            }
            let key = try Self.key(of: path)
            switch op {
            case "add", "replace":
                guard let value = fields["value"] else {
                    throw APIError.badRequest("Operation '\(op)' of \(path) needs a 'value'.")
                }
                operations.append(op == "add" ? .add(key, value) : .replace(key, value))
            case "remove":
                operations.append(.remove(key))
            default:
                throw APIError.badRequest("Operation '\(op)' is not supported; use add, replace or remove.")
            }
        }
        self.operations = operations
    }

    /// Applies every operation in order; nothing is kept of a patch that fails.
    func apply(to attributes: inout ImageAttributes) throws(APIError) {
        var patched = attributes
        for operation in operations {
            switch operation {
            case .add(let key, let value):
                try patched.set(key, to: value)
            case .replace(let key, let value):
                let settable = ImageAttributes.readOnly.contains(key) || ImageAttributes.reserved.contains(key)
                guard settable || patched.has(key) else { throw APIError.conflict("Property \(key) does not exist.") }
                try patched.set(key, to: value)
            case .remove(let key):
                try patched.remove(key)
            }
        }
        attributes = patched
    }

    /// The attribute a JSON pointer names: `/name` → `name` (`~1` is `/`, `~0` is `~`).
    static func key(of path: String) throws(APIError) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].isEmpty, !parts[1].isEmpty else {
            throw APIError.badRequest("Invalid JSON pointer for this resource: '\(path)'.")
        }
        return parts[1].replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
