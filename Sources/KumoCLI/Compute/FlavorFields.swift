import KumoClient

/// The pure logic of the flavor commands: the body of `POST /flavors` and the listing's columns.
enum FlavorFields {
    /// The body of `POST /flavors`; Nova picks the ID when `id` is nil.
    static func createBody(
        name: String, vcpus: Int, ramMiB: Int, diskGiB: Int, ephemeralGiB: Int, id: String?, isPublic: Bool
    ) -> JSONValue {
        var flavor: [String: JSONValue] = [
            "name": .string(name), "vcpus": .number(Double(vcpus)), "ram": .number(Double(ramMiB)),
            "disk": .number(Double(diskGiB)), "OS-FLV-EXT-DATA:ephemeral": .number(Double(ephemeralGiB)),
            "os-flavor-access:is_public": .bool(isPublic),
        ]
        if let id { flavor["id"] = .string(id) }
        return ["flavor": .object(flavor)]
    }

    static let columns: [(header: String, key: String)] = [
        ("ID", "id"), ("Name", "name"), ("RAM", "ram"), ("Disk", "disk"), ("Ephemeral", "OS-FLV-EXT-DATA:ephemeral"),
        ("VCPUs", "vcpus"), ("Is Public", "os-flavor-access:is_public"),
    ]

    /// A flavor as `show` prints it: without links, with its extra specs as `properties`.
    static func shown(_ flavor: [String: JSONValue], extraSpecs: [String: JSONValue]) -> [String: JSONValue] {
        var shown = flavor
        shown["links"] = nil
        shown["properties"] = .object(extraSpecs)
        return shown
    }
}
