import GRDB

/// One row of a container listing (an object) or of an account listing (a container), with the
/// timestamp that orders its versions: the newer row wins whichever replica it reaches first.
public struct ListingRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "rows"

    public var name: String
    /// `X-Timestamp` of the write (normalized text, which sorts like the time).
    public var timestamp: String
    /// Bytes of the object, or bytes used by the container.
    public var bytes: Int64
    /// Objects in the container (account rows); 1 for an object row.
    public var count: Int64
    public var contentType: String
    public var etag: String
    public var deleted: Bool

    public init(
        name: String, timestamp: String, bytes: Int64, count: Int64 = 1, contentType: String = "", etag: String = "",
        deleted: Bool = false
    ) {
        self.name = name
        self.timestamp = timestamp
        self.bytes = bytes
        self.count = count
        self.contentType = contentType
        self.etag = etag
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey {
        case name, timestamp, bytes, count, deleted
        case contentType = "content_type"
        case etag
    }
}

/// One line of a listing answer: a row, or a `subdir` when a delimiter folds names together.
public enum ListingEntry: Sendable, Equatable {
    case row(ListingRow)
    case subdirectory(String)

    /// The name or the folded prefix.
    public var name: String {
        switch self {
        case .row(let row): row.name
        case .subdirectory(let prefix): prefix
        }
    }
}

/// What a listing asks for, as Swift's `limit`, `marker`, `end_marker`, `prefix`, `delimiter`, `reverse`.
public struct ListingQuery: Sendable, Equatable {
    public static let maximumLimit = 10_000

    public var limit = ListingQuery.maximumLimit
    public var marker: String?
    public var endMarker: String?
    public var prefix: String?
    public var delimiter: String?
    public var reverse = false

    public init(
        limit: Int = ListingQuery.maximumLimit, marker: String? = nil, endMarker: String? = nil, prefix: String? = nil,
        delimiter: String? = nil, reverse: Bool = false
    ) {
        self.limit = limit
        self.marker = marker
        self.endMarker = endMarker
        self.prefix = prefix
        self.delimiter = delimiter
        self.reverse = reverse
    }
}
