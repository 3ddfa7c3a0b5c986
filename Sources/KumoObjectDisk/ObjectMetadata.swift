/// The metadata of one on-disk file, stored as JSON in its `user.kumo.metadata` extended attribute.
///
/// Encoded flat, like Swift's object metadata: `name`, `X-Timestamp`, `Content-Length`,
/// `Content-Type`, `ETag`, `X-Object-Meta-<key>` for each user key, and every system key verbatim.
public struct ObjectMetadata: Sendable, Hashable, Codable {
    /// The object's path, `/account/container/object`.
    public var name: String
    /// The X-Timestamp of the write that made this file; it also names the file.
    public var timestamp: ObjectTimestamp
    /// Bytes of content. For a `.data` file the writer stores the count it received.
    public var contentLength: Int?
    public var contentType: String?
    /// The MD5 of the content, 32 lowercase hex digits. For a `.data` file the writer stores the MD5
    /// it computed.
    public var etag: String?
    /// `X-Object-Meta-*` values by the name after the prefix, case as given (`Color` for
    /// `X-Object-Meta-Color`). A POST replaces all of them.
    public var userMetadata: [String: String]
    /// Any other keys (e.g. `X-Object-Sysmeta-*`), stored verbatim. A POST overrides the keys it names
    /// and keeps the others. A key may not be one of the keys above nor start with `X-Object-Meta-`.
    public var systemMetadata: [String: String]

    /// The largest encoded metadata accepted (the file system may hold less).
    public static let maximumEncodedSize = 64 * 1024

    public init(
        name: String, timestamp: ObjectTimestamp, contentLength: Int? = nil, contentType: String? = nil,
        etag: String? = nil, userMetadata: [String: String] = [:], systemMetadata: [String: String] = [:]
    ) {
        self.name = name
        self.timestamp = timestamp
        self.contentLength = contentLength
        self.contentType = contentType
        self.etag = etag
        self.userMetadata = userMetadata
        self.systemMetadata = systemMetadata
    }

    /// The metadata an object shows when a newer `.meta` file (a POST) applies to this `.data`
    /// metadata: the POST's timestamp, user metadata and (if it has one) content type; this
    /// content length and ETag; system keys overlaid.
    func applying(_ post: ObjectMetadata) -> ObjectMetadata {
        var merged = self
        merged.timestamp = post.timestamp
        merged.contentType = post.contentType ?? contentType
        merged.userMetadata = post.userMetadata
        merged.systemMetadata.merge(post.systemMetadata) { $1 }
        return merged
    }

    private static let userPrefix = "X-Object-Meta-"
    private static let reservedKeys: Set<String> = ["name", "x-timestamp", "content-length", "content-type", "etag"]

    private struct Key: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        name = try container.decode(String.self, forKey: Key("name"))
        timestamp = try container.decode(ObjectTimestamp.self, forKey: Key("X-Timestamp"))
        if let length = try container.decodeIfPresent(String.self, forKey: Key("Content-Length")) {
            guard let value = Int(length), value >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: Key("Content-Length"), in: container, debugDescription: "bad Content-Length \(length)")
            }
            contentLength = value
        }
        contentType = try container.decodeIfPresent(String.self, forKey: Key("Content-Type"))
        etag = try container.decodeIfPresent(String.self, forKey: Key("ETag"))
        userMetadata = [:]
        systemMetadata = [:]
        for key in container.allKeys where !Self.reservedKeys.contains(key.stringValue.lowercased()) {
            let value = try container.decode(String.self, forKey: key)
            if key.stringValue.lowercased().hasPrefix(Self.userPrefix.lowercased()) {
                userMetadata[String(key.stringValue.dropFirst(Self.userPrefix.count))] = value
            } else {
                systemMetadata[key.stringValue] = value
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: Key("name"))
        try container.encode(timestamp, forKey: Key("X-Timestamp"))
        try container.encodeIfPresent(contentLength.map(String.init), forKey: Key("Content-Length"))
        try container.encodeIfPresent(contentType, forKey: Key("Content-Type"))
        try container.encodeIfPresent(etag, forKey: Key("ETag"))
        for (key, value) in userMetadata {
            try container.encode(value, forKey: Key(Self.userPrefix + key))
        }
        for (key, value) in systemMetadata {
            let lowercased = key.lowercased()
            guard !Self.reservedKeys.contains(lowercased), !lowercased.hasPrefix(Self.userPrefix.lowercased()) else {
                throw EncodingError.invalidValue(
                    key, .init(codingPath: encoder.codingPath, debugDescription: "system key \(key) is reserved"))
            }
            try container.encode(value, forKey: Key(key))
        }
    }
}
