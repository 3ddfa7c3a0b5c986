import Foundation
import GRDB

/// A row of `keypairs`: a user's SSH public key, injected into guests through the config drive.
struct KeypairRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "keypairs"
    var userID: String
    var name: String
    var type: String
    var publicKey: String
    var fingerprint: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case name, type, fingerprint
        case userID = "user_id"
        case publicKey = "public_key"
        case createdAt = "created_at"
    }
}
