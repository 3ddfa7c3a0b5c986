import Foundation
import GRDB
import KumoHTTP

extension ComputeStore {
    /// Stores a key pair; 409 when the user has one of that name.
    func insert(_ keypair: KeypairRecord) async throws {
        try await write { db in
            guard try !KeypairRecord.exists(db, key: ["user_id": keypair.userID, "name": keypair.name]) else {
                throw APIError.conflict("Key pair '\(keypair.name)' already exists.")
            }
            try keypair.insert(db)
        }
    }

    func keypairs(userID: String) async throws -> [KeypairRecord] {
        try await read { db in try KeypairRecord.filter(Column("user_id") == userID).order(Column("name")).fetchAll(db) }
    }

    /// The key pair `name` of `userID`, else 404.
    func keypair(_ name: String, userID: String) async throws -> KeypairRecord {
        try await read { db in try Self.keypair(db, name: name, userID: userID) }
    }

    func deleteKeypair(_ name: String, userID: String) async throws {
        try await write { db in
            guard try KeypairRecord.deleteOne(db, key: ["user_id": userID, "name": name]) else {
                throw Self.keypairNotFound(name, userID: userID)
            }
        }
    }

    static func keypair(_ db: Database, name: String, userID: String) throws -> KeypairRecord {
        guard let keypair = try KeypairRecord.fetchOne(db, key: ["user_id": userID, "name": name]) else {
            throw keypairNotFound(name, userID: userID)
        }
        return keypair
    }

    private static func keypairNotFound(_ name: String, userID: String) -> APIError {
        APIError.notFound("Keypair \(name) not found for user \(userID)")
    }
}
