import Hummingbird
import KumoClient
import KumoHTTP

/// `/v2/schemas/{image,images,member,members}`: the JSON schemas of the API's bodies, built from the
/// same lists of formats, statuses and limits that the checks use.
struct SchemasController {
    func register(on router: Router<KumoRequestContext>) {
        let schemas: [String: JSONValue] = [
            "image": Self.image, "images": Self.list("images", of: Self.image, links: ["first", "next"]),
            "member": Self.member, "members": Self.list("members", of: Self.member, links: []),
        ]
        router.get("v2/schemas/:name") { _, context in
            let name = try context.parameters.require("name")
            guard let schema = schemas[name] else { throw APIError.notFound("No schema named \(name).") }
            return JSONResponse(schema)
        }
    }

    static var image: JSONValue {
        let nullableString: JSONValue = ["null", "string"]
        func readOnly(_ type: JSONValue, _ description: String) -> JSONValue {
            ["type": type, "readOnly": true, "description": .string(description)]
        }
        func choice(_ values: [String], _ description: String) -> JSONValue {
            ["type": nullableString, "enum": .array([.null] + values.map { .string($0) }), "description": .string(description)]
        }
        let count: JSONValue = ["type": "integer", "minimum": 0]
        return [
            "name": "image",
            "additionalProperties": ["type": "string"],
            "links": [
                ["href": "{self}", "rel": "self"], ["href": "{file}", "rel": "enclosure"],
                ["href": "{schema}", "rel": "describedby"],
            ],
            "properties": [
                "id": [
                    "type": "string", "description": "An identifier for the image",
                    "pattern": "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$",
                ],
                "name": ["type": nullableString, "maxLength": .number(Double(ImageAttributes.maxLength))],
                "status": [
                    "type": "string", "readOnly": true, "enum": .array(ImageStatus.allCases.map { .string($0.rawValue) }),
                ],
                "visibility": ["type": "string", "enum": .array(Visibility.allCases.map { .string($0.rawValue) })],
                "protected": ["type": "boolean", "description": "If true, image will not be deletable."],
                "os_hidden": ["type": "boolean", "description": "If true, image will not appear in default image list response."],
                "owner": ["type": nullableString, "maxLength": 255, "description": "Owner of the image"],
                "disk_format": choice(ImageFormats.disk, "Format of the disk"),
                "container_format": choice(ImageFormats.container, "Format of the container"),
                "size": readOnly(["null", "integer"], "Size of image file in bytes"),
                "virtual_size": readOnly(["null", "integer"], "Virtual size of image in bytes"),
                "checksum": readOnly(nullableString, "md5 hash of image contents."),
                "os_hash_algo": readOnly(nullableString, "Algorithm to calculate the os_hash_value"),
                "os_hash_value": readOnly(nullableString, "Hexdigest of the image contents using os_hash_algo"),
                "min_disk": count, "min_ram": count,
                "tags": ["type": "array", "items": ["type": "string", "maxLength": 255]],
                "created_at": readOnly("string", "Date and time of image registration"),
                "updated_at": readOnly("string", "Date and time of the last image modification"),
                "self": readOnly("string", "An image self url"),
                "file": readOnly("string", "An image file url"),
                "schema": readOnly("string", "An image schema url"),
            ],
        ]
    }

    static var member: JSONValue {
        [
            "name": "member",
            "properties": [
                "image_id": ["type": "string"], "member_id": ["type": "string"],
                "status": ["type": "string", "enum": .array(MemberStatus.allCases.map { .string($0.rawValue) })],
                "created_at": ["type": "string"], "updated_at": ["type": "string"], "schema": ["type": "string", "readOnly": true],
            ],
        ]
    }

    /// The schema of a list body `{"<name>": [...], "schema": …}` with `links` such as `first`, `next`.
    static func list(_ name: String, of item: JSONValue, links: [String]) -> JSONValue {
        var properties: [String: JSONValue] = [name: ["type": "array", "items": item], "schema": ["type": "string"]]
        for link in links { properties[link] = ["type": "string"] }
        return [
            "name": .string(name),
            "properties": .object(properties),
            "links": .array((links + ["schema"]).map { ["rel": $0 == "schema" ? "describedby" : .string($0), "href": .string("{\($0)}")] }),
        ]
    }
}
