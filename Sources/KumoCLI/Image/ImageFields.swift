import ArgumentParser
import Foundation
import KumoClient

/// `--public` or `--private`: who sees an image.
enum ImageVisibility: String, EnumerableFlag, Sendable {
    case `public`, `private`

    static func help(for value: ImageVisibility) -> ArgumentHelp? {
        switch value {
        case .public: "Anyone may see and use it (admin only)."
        case .private: "Only its project may see and use it."
        }
    }
}

/// The pure logic of the image commands: the bodies sent for them.
enum ImageFields {
    /// The body of `POST /v2/images`.
    static func createBody(
        name: String, diskFormat: String, containerFormat: String, visibility: ImageVisibility?,
        properties: [String: String]
    ) -> JSONValue {
        var fields: [String: JSONValue] = properties.mapValues(JSONValue.string)
        fields["name"] = .string(name)
        fields["disk_format"] = .string(diskFormat)
        fields["container_format"] = .string(containerFormat)
        if let visibility { fields["visibility"] = .string(visibility.rawValue) }
        return .object(fields)
    }

    /// The JSON patch (`application/openstack-images-v2.1-json-patch`) of `kumo image set`: an `add`
    /// (which sets, whether the attribute exists or not) of the name, the visibility and each property,
    /// properties in key order.
    static func patch(name: String?, visibility: ImageVisibility?, properties: [String: String]) -> JSONValue {
        var changes: [(String, String)] = []
        if let name { changes.append(("name", name)) }
        if let visibility { changes.append(("visibility", visibility.rawValue)) }
        changes += properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return .array(changes.map { ["op": "add", "path": .string("/" + pointer($0.0)), "value": .string($0.1)] })
    }

    static let patchMediaType = "application/openstack-images-v2.1-json-patch"

    /// A key as a JSON pointer token: `~` is `~0`, `/` is `~1`.
    static func pointer(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// An image as `show` prints it: its fields without the API's links.
    static func shown(_ image: [String: JSONValue]) -> [String: JSONValue] {
        image.filter { !["self", "file", "schema"].contains($0.key) }
    }
}
