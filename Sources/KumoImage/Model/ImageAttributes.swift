import HTTPTypes
import KumoClient
import KumoCore
import KumoHTTP

/// The parts of an image a client may set, checked as Glance's image schema checks them: at creation
/// (each field of the body) and by a JSON patch.
struct ImageAttributes: Sendable, Equatable {
    var name: String?
    var visibility: Visibility = .shared
    var isProtected = false
    var isHidden = false
    var diskFormat: String?
    var containerFormat: String?
    var minDisk = 0
    var minRAM = 0
    var owner: String
    /// In the order they were added, without duplicates.
    var tags: [String] = []
    /// Free-form properties (`hw_disk_bus`, `os_distro` …); values are strings.
    var properties: [String: String] = [:]

    static let maxProperties = 128
    static let maxTags = 128
    static let maxLength = 255

    /// Set only by Kumo: a client that tries to set them gets 403.
    static let readOnly: Set<String> = [
        "id", "status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size", "created_at",
        "updated_at", "file", "self", "schema", "direct_url", "locations",
    ]
    /// Glance's reserved names: 403.
    static let reserved: Set<String> = ["deleted", "deleted_at"]
    /// The schema's own writable attributes, which cannot be removed.
    static let base: Set<String> = [
        "name", "visibility", "protected", "os_hidden", "disk_format", "container_format", "min_disk", "min_ram",
        "owner", "tags",
    ]

    init(owner: String) {
        self.owner = owner
    }

    init(_ image: Image) {
        let record = image.record
        name = record.name
        visibility = record.visibility
        isProtected = record.isProtected
        isHidden = record.isHidden
        diskFormat = record.diskFormat
        containerFormat = record.containerFormat
        minDisk = record.minDisk
        minRAM = record.minRAM
        owner = record.owner
        tags = image.tags
        properties = image.properties
    }

    /// Whether `key` names a base attribute or an existing property.
    func has(_ key: String) -> Bool { Self.base.contains(key) || properties[key] != nil }

    /// Sets attribute or property `key`.
    /// - Throws: 403 for read-only and reserved names, 400 for a value of the wrong type or out of range.
    mutating func set(_ key: String, to value: JSONValue) throws(APIError) {
        try Self.checkWritable(key)
        switch key {
        case "name": name = try Self.optionalString(value, key)
        case "visibility":
            guard let raw = value.string, let visibility = Visibility(rawValue: raw) else {
                throw Self.invalid(key, value, "is not one of \(Visibility.allCases.map(\.rawValue))")
            }
            self.visibility = visibility
        case "protected": isProtected = try Self.bool(value, key)
        case "os_hidden": isHidden = try Self.bool(value, key)
        case "disk_format": diskFormat = try Self.format(value, key, among: ImageFormats.disk)
        case "container_format": containerFormat = try Self.format(value, key, among: ImageFormats.container)
        case "min_disk": minDisk = try Self.count(value, key)
        case "min_ram": minRAM = try Self.count(value, key)
        case "owner":
            guard let owner = try Self.optionalString(value, key), !owner.isEmpty else {
                throw Self.invalid(key, value, "must be a project id")
            }
            self.owner = owner
        case "tags":
            guard let items = value.array else { throw Self.invalid(key, value, "is not an array") }
            var tags: [String] = []
            for item in items {
                guard let tag = item.string, !tag.isEmpty, tag.count <= Self.maxLength else {
                    throw Self.invalid(key, item, "is not a string of 1 to \(Self.maxLength) characters")
                }
                if !tags.contains(tag) { tags.append(tag) }
            }
            self.tags = tags
        default:
            guard !key.isEmpty, key.count <= Self.maxLength else {
                throw APIError.badRequest("Property names have 1 to \(Self.maxLength) characters.")
            }
            guard let text = value.string else { throw Self.invalid(key, value, "is not of type 'string'") }
            properties[key] = text
        }
    }

    /// Removes property `key`.
    /// - Throws: 403 for base, read-only and reserved names, 409 when there is no such property.
    mutating func remove(_ key: String) throws(APIError) {
        try Self.checkWritable(key)
        guard !Self.base.contains(key) else {
            throw APIError.forbidden("Attribute '\(key)' is part of the image schema and cannot be removed.")
        }
        guard properties.removeValue(forKey: key) != nil else { throw APIError.conflict("Property \(key) does not exist.") }
    }

    /// Refuses a change from `old` that only an admin may make, that the image's status forbids, or that
    /// goes over the limits on properties and tags.
    func checkChange(from old: ImageAttributes, status: ImageStatus, by credentials: Credentials) throws(APIError) {
        if visibility == .public, old.visibility != .public, !credentials.isAdmin {
            throw APIError.forbidden("Only an admin may make an image public.")
        }
        if owner != old.owner, !credentials.isAdmin {
            throw APIError.forbidden("Only an admin may give an image to another project.")
        }
        for (key, changed) in [("disk_format", diskFormat != old.diskFormat), ("container_format", containerFormat != old.containerFormat)]
        where changed && status != .queued {
            throw APIError.forbidden("Attribute \(key) can be only replaced for a queued image.")
        }
        if properties.count > Self.maxProperties {
            throw APIError(.contentTooLarge, "Maximum number of properties (\(Self.maxProperties)) exceeded.")
        }
        if tags.count > Self.maxTags {
            throw APIError(.contentTooLarge, "Maximum number of tags (\(Self.maxTags)) exceeded.")
        }
    }

    private static func checkWritable(_ key: String) throws(APIError) {
        if readOnly.contains(key) { throw APIError.forbidden("Attribute '\(key)' is read-only.") }
        if reserved.contains(key) { throw APIError.forbidden("Attribute '\(key)' is reserved.") }
    }

    private static func invalid(_ key: String, _ value: JSONValue, _ problem: String) -> APIError {
        APIError.badRequest("Provided object does not match schema 'image': \(key) \(describe(value)) \(problem).")
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .null: "null"
        default: "value"
        }
    }

    private static func optionalString(_ value: JSONValue, _ key: String) throws(APIError) -> String? {
        if value == .null { return nil }
        guard let text = value.string, text.count <= maxLength else {
            throw invalid(key, value, "is not a string of at most \(maxLength) characters")
        }
        return text
    }

    private static func bool(_ value: JSONValue, _ key: String) throws(APIError) -> Bool {
        guard case .bool(let flag) = value else { throw invalid(key, value, "is not of type 'boolean'") }
        return flag
    }

    private static func count(_ value: JSONValue, _ key: String) throws(APIError) -> Int {
        guard case .number(let number) = value, number.rounded() == number, number >= 0, number < 1e15 else {
            throw invalid(key, value, "is not an integer of at least 0")
        }
        return Int(number)
    }

    private static func format(_ value: JSONValue, _ key: String, among formats: [String]) throws(APIError) -> String? {
        if value == .null { return nil }
        guard let text = value.string, formats.contains(text) else {
            throw invalid(key, value, "is not one of \(formats)")
        }
        return text
    }
}
