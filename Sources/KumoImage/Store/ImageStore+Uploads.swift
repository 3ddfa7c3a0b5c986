import Foundation
import GRDB
import KumoCore
import KumoHTTP

/// The status changes of uploads and deletions, each one transaction.
extension ImageStore {
    /// What a finished upload learnt about the data.
    struct StoredData: Sendable, Equatable {
        var size: Int
        var virtualSize: Int?
        var checksum: String
        var hashValue: String
        var location: String
        var segmentBytes: Int?
    }

    /// Moves image `id` from `queued` to `saving` for a new upload, which it returns with the image.
    /// - Throws: 404, 403 (not the owner), 400 (formats not set), 409 (not queued).
    func beginUpload(_ id: String, as credentials: Credentials) async throws -> (image: Image, uploadID: String) {
        try await write { db in
            var image = try Self.fetch(db, id: id, seenBy: credentials)
            try ImageAccess.requireOwner(image.record, credentials)
            guard image.record.diskFormat != nil, image.record.containerFormat != nil else {
                throw APIError.badRequest("Properties disk_format, container_format must be set prior to saving data.")
            }
            image.record.status = try image.record.status.after(.uploadStarted)
            let uploadID = UUID().uuidString.lowercased()
            image.record.uploadID = uploadID
            image.record.updatedAt = Date()
            try image.record.update(db)
            return (image, uploadID)
        }
    }

    /// Makes the image active with `data`, if upload `uploadID` still owns it; nil when it was deleted
    /// (or its upload replaced) meanwhile, and the objects just written belong to nobody.
    func finishUpload(_ id: String, uploadID: String, data: StoredData) async throws -> ImageRecord? {
        try await write { db in
            guard var record = try Self.upload(db, id, uploadID) else { return nil }
            record.status = try record.status.after(.uploadSucceeded)
            record.size = data.size
            record.virtualSize = data.virtualSize
            record.checksum = data.checksum
            record.hashAlgorithm = "sha512"
            record.hashValue = data.hashValue
            record.location = data.location
            record.segmentBytes = data.segmentBytes
            record.uploadID = nil
            record.updatedAt = Date()
            try record.update(db)
            return record
        }
    }

    /// Ends upload `uploadID` that failed: back to `queued` when its objects are gone, else `killed`
    /// (keeping the upload id, so that the reaper removes its objects).
    func failUpload(_ id: String, uploadID: String, cleanedUp: Bool) async throws {
        try await write { db in
            guard var record = try Self.upload(db, id, uploadID) else { return }
            record.status = try record.status.after(.uploadFailed(cleanedUp: cleanedUp))
            if cleanedUp { record.uploadID = nil }
            record.updatedAt = Date()
            try record.update(db)
        }
    }

    /// At start-up: uploads that were running when the service stopped are `killed`.
    func interruptUploads() async throws {
        try await write { db in
            for var record in try ImageRecord.filter(Column("status") == ImageStatus.saving.rawValue).fetchAll(db) {
                record.status = try record.status.after(.uploadInterrupted)
                try record.update(db)
            }
        }
    }

    /// Marks image `id` deleted (it disappears from the API at once) and returns it.
    /// - Throws: 404, 403 (not the owner, or protected).
    func markDeleted(_ id: String, as credentials: Credentials) async throws -> ImageRecord {
        try await write { db in
            var record = try Self.fetch(db, id: id, seenBy: credentials).record
            try ImageAccess.requireOwner(record, credentials)
            guard !record.isProtected else { throw APIError.forbidden("Image \(id) is protected and cannot be deleted.") }
            record.status = try record.status.after(.delete)
            record.updatedAt = Date()
            try record.update(db)
            return record
        }
    }

    /// Images whose objects must go: deleted ones (all their objects) and killed ones that still hold a
    /// failed upload's.
    func pendingCleanups() async throws -> [ImageRecord] {
        try await read { db in
            try ImageRecord.filter(
                Column("status") == ImageStatus.deleted.rawValue
                    || (Column("status") == ImageStatus.killed.rawValue && Column("upload_id") != nil)
            ).fetchAll(db)
        }
    }

    /// Forgets a deleted image whose objects are gone.
    func remove(_ id: String) async throws {
        try await write { db in
            _ = try ImageRecord.filter(key: id).filter(Column("status") == ImageStatus.deleted.rawValue).deleteAll(db)
        }
    }

    /// Forgets the failed upload of a killed image once its objects are gone.
    func clearUpload(_ id: String, uploadID: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE images SET upload_id = NULL WHERE id = ? AND upload_id = ? AND status = ?",
                arguments: [id, uploadID, ImageStatus.killed.rawValue])
        }
    }

    /// The record of image `id` while upload `uploadID` runs on it.
    private static func upload(_ db: Database, _ id: String, _ uploadID: String) throws -> ImageRecord? {
        try ImageRecord.filter(key: id)
            .filter(Column("status") == ImageStatus.saving.rawValue && Column("upload_id") == uploadID)
            .fetchOne(db)
    }
}
