import Foundation
import GRDB

/// A row of `images`: an image's metadata and where its data lies in the object store.
struct ImageRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "images"
    var id: String
    var name: String?
    var status: ImageStatus
    var visibility: Visibility
    var isProtected: Bool
    var isHidden: Bool
    /// The project that owns the image.
    var owner: String
    var diskFormat: String?
    var containerFormat: String?
    var size: Int?
    var virtualSize: Int?
    /// MD5 of the data, hex.
    var checksum: String?
    var hashAlgorithm: String?
    var hashValue: String?
    var minDisk: Int
    var minRAM: Int
    var createdAt: Date
    var updatedAt: Date
    /// The object holding the data (whole, or the manifest of its segments) in the images container.
    var location: String?
    /// The length of every segment but the last; nil when the data is one object.
    var segmentBytes: Int?
    /// The upload running now, or the failed one whose objects a `killed` image still holds.
    var uploadID: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status, visibility, owner, size, checksum, location
        case isProtected = "protected"
        case isHidden = "os_hidden"
        case diskFormat = "disk_format"
        case containerFormat = "container_format"
        case virtualSize = "virtual_size"
        case hashAlgorithm = "os_hash_algo"
        case hashValue = "os_hash_value"
        case minDisk = "min_disk"
        case minRAM = "min_ram"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case segmentBytes = "segment_bytes"
        case uploadID = "upload_id"
    }
}

/// An image with its free-form properties and tags, as the API shows it.
struct Image: Sendable, Equatable {
    var record: ImageRecord
    var properties: [String: String]
    var tags: [String]

    var id: String { record.id }
}

/// A row of `image_members`: a project an image is shared with, and its answer.
struct MemberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "image_members"
    var imageID: String
    var memberID: String
    var status: MemberStatus
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case status
        case imageID = "image_id"
        case memberID = "member_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
