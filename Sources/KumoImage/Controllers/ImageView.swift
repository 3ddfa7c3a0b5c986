import Foundation
import KumoClient

/// The JSON of images and members, as Glance's Image v2 API shows them: base attributes always (null
/// when unset), free-form properties beside them, links relative to the API root.
enum ImageView {
    static func image(_ image: Image) -> JSONValue {
        let record = image.record
        var fields: [String: JSONValue] = [
            "id": .string(record.id),
            "name": optional(record.name),
            "status": .string(record.status.rawValue),
            "visibility": .string(record.visibility.rawValue),
            "protected": .bool(record.isProtected),
            "os_hidden": .bool(record.isHidden),
            "owner": .string(record.owner),
            "disk_format": optional(record.diskFormat),
            "container_format": optional(record.containerFormat),
            "size": optional(record.size),
            "virtual_size": optional(record.virtualSize),
            "checksum": optional(record.checksum),
            "os_hash_algo": optional(record.hashAlgorithm),
            "os_hash_value": optional(record.hashValue),
            "min_disk": .number(Double(record.minDisk)),
            "min_ram": .number(Double(record.minRAM)),
            "tags": .array(image.tags.map { .string($0) }),
            "created_at": .string(timestamp(record.createdAt)),
            "updated_at": .string(timestamp(record.updatedAt)),
            "self": .string("/v2/images/\(record.id)"),
            "file": .string("/v2/images/\(record.id)/file"),
            "schema": "/v2/schemas/image",
        ]
        for (name, value) in image.properties where fields[name] == nil { fields[name] = .string(value) }
        return .object(fields)
    }

    static func member(_ member: MemberRecord) -> JSONValue {
        [
            "image_id": .string(member.imageID), "member_id": .string(member.memberID),
            "status": .string(member.status.rawValue), "created_at": .string(timestamp(member.createdAt)),
            "updated_at": .string(timestamp(member.updatedAt)), "schema": "/v2/schemas/member",
        ]
    }

    /// `2014-05-05T17:15:10Z`.
    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    private static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    private static func optional(_ number: Int?) -> JSONValue { number.map { .number(Double($0)) } ?? .null }
}
