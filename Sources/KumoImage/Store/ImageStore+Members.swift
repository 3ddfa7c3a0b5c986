import Foundation
import GRDB
import KumoCore
import KumoHTTP

/// The projects an image is shared with: its owner adds and removes them, each answers for itself.
extension ImageStore {
    /// Shares image `imageID` with project `memberID` (pending its answer).
    /// - Throws: 404, 403 (not the owner, or the image is not `shared`), 409 (already a member).
    func addMember(_ imageID: String, memberID: String, as credentials: Credentials) async throws -> MemberRecord {
        try await write { db in
            let image = try Self.fetch(db, id: imageID, seenBy: credentials).record
            try ImageAccess.requireOwner(image, credentials)
            guard image.visibility == .shared else {
                throw APIError.forbidden("Only shared images have members; this image is \(image.visibility.rawValue).")
            }
            guard try !MemberRecord.exists(db, key: ["image_id": imageID, "member_id": memberID]) else {
                throw APIError.conflict("Project \(memberID) is already a member of image \(imageID).")
            }
            let now = Date()
            let member = MemberRecord(imageID: imageID, memberID: memberID, status: .pending, createdAt: now, updatedAt: now)
            try member.insert(db)
            return member
        }
    }

    /// The members of an image: all of them for its owner, the caller's own membership for a member.
    func members(_ imageID: String, as credentials: Credentials) async throws -> [MemberRecord] {
        try await read { db in
            let image = try Self.fetch(db, id: imageID, seenBy: credentials).record
            var request = MemberRecord.filter(Column("image_id") == imageID)
            if !AccessPolicy.allows(credentials, .read, projectID: image.owner) {
                request = request.filter(Column("member_id") == (credentials.projectID ?? ""))
            }
            return try request.order(Column("created_at"), Column("member_id")).fetchAll(db)
        }
    }

    /// One membership, for the owner or that member; 404 otherwise.
    func member(_ imageID: String, memberID: String, as credentials: Credentials) async throws -> MemberRecord {
        guard let member = try await members(imageID, as: credentials).first(where: { $0.memberID == memberID }) else {
            throw APIError.notFound("Project \(memberID) is not a member of image \(imageID).")
        }
        return member
    }

    /// The answer of project `memberID`, given by that project (or an admin).
    func answer(
        _ imageID: String, memberID: String, status: MemberStatus, as credentials: Credentials
    ) async throws -> MemberRecord {
        try await write { db in
            _ = try Self.fetch(db, id: imageID, seenBy: credentials)
            guard var member = try MemberRecord.fetchOne(db, key: ["image_id": imageID, "member_id": memberID]) else {
                throw APIError.notFound("Project \(memberID) is not a member of image \(imageID).")
            }
            guard credentials.isAdmin || (credentials.projectID == memberID && AccessPolicy.allows(credentials, .write, projectID: memberID))
            else { throw APIError.forbidden("Only the member project may answer for itself.") }
            member.status = status
            member.updatedAt = Date()
            try member.update(db)
            return member
        }
    }

    /// Stops sharing image `imageID` with project `memberID`.
    func removeMember(_ imageID: String, memberID: String, as credentials: Credentials) async throws {
        try await write { db in
            let image = try Self.fetch(db, id: imageID, seenBy: credentials).record
            try ImageAccess.requireOwner(image, credentials)
            guard try MemberRecord.deleteOne(db, key: ["image_id": imageID, "member_id": memberID]) else {
                throw APIError.notFound("Project \(memberID) is not a member of image \(imageID).")
            }
        }
    }
}
