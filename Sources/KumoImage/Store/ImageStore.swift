import Foundation
import GRDB
import KumoCore
import KumoHTTP
import KumoStore

/// The image service's database: images, their properties, tags and members.
///
/// Every check of who may see or change an image runs inside the transaction that reads or writes it.
struct ImageStore: Sendable {
    let database: ServiceDatabase

    init(path: String) throws {
        database = try ServiceDatabase(path: path, migrations: ImageSchema.migrations)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.pool.read(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.pool.write(body)
    }

    /// Stores a new image; 409 when its id is taken.
    func insert(_ image: Image) async throws {
        try await write { db in
            guard try !ImageRecord.exists(db, key: image.id) else {
                throw APIError.conflict("Image with identifier \(image.id) already exists!")
            }
            try image.record.insert(db)
            try Self.saveDetails(db, image)
        }
    }

    /// The image `id` if `credentials` may see it, else 404.
    func image(_ id: String, seenBy credentials: Credentials) async throws -> Image {
        try await read { db in try Self.fetch(db, id: id, seenBy: credentials) }
    }

    /// One page of the images `query` selects for `credentials`.
    /// - Throws: 400 when the marker is not an image the caller sees.
    func list(_ query: ImageQuery, for credentials: Credentials) async throws -> [Image] {
        try await read { db in
            var condition = query.condition(for: credentials)
            if let marker = query.marker {
                let seen = ImageQuery.seen(by: credentials)
                guard
                    let values = try Row.fetchOne(
                        db, sql: "SELECT \(query.markerColumns) FROM images WHERE id = ? AND \(seen.sql)",
                        arguments: StatementArguments([marker] + seen.arguments))
                else { throw APIError.badRequest("Invalid marker. Image \(marker) could not be found.") }
                condition = .all([condition, query.after(Array(values.databaseValues))])
            }
            let records = try ImageRecord.fetchAll(
                db, sql: "SELECT * FROM images WHERE \(condition.sql) ORDER BY \(query.orderBy) LIMIT ?",
                arguments: StatementArguments(condition.arguments + [query.limit]))
            return try Self.details(db, records)
        }
    }

    /// Applies `change` to image `id` as `credentials`, who must be allowed to change it, and saves it.
    func modify(
        _ id: String, as credentials: Credentials, _ change: @escaping @Sendable (inout Image) throws -> Void
    ) async throws -> Image {
        try await write { db in
            var image = try Self.fetch(db, id: id, seenBy: credentials)
            try ImageAccess.requireOwner(image.record, credentials)
            try change(&image)
            image.record.updatedAt = Date()
            try image.record.update(db)
            try Self.saveDetails(db, image)
            return image
        }
    }

    // MARK: In a transaction

    /// The image `id` if `credentials` may see it, else 404.
    static func fetch(_ db: Database, id: String, seenBy credentials: Credentials) throws -> Image {
        let seen = ImageQuery.seen(by: credentials)
        guard
            let record = try ImageRecord.fetchOne(
                db, sql: "SELECT * FROM images WHERE id = ? AND \(seen.sql)",
                arguments: StatementArguments([id] + seen.arguments))
        else { throw APIError.notFound("No image found with ID \(id)") }
        return try details(db, [record])[0]
    }

    /// The records with their properties and tags.
    static func details(_ db: Database, _ records: [ImageRecord]) throws -> [Image] {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var properties: [String: [String: String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT image_id, name, value FROM image_properties WHERE image_id IN (\(marks))",
            arguments: StatementArguments(ids))
        {
            properties[row["image_id"], default: [:]][row["name"]] = row["value"]
        }
        var tags: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT image_id, tag FROM image_tags WHERE image_id IN (\(marks)) ORDER BY position",
            arguments: StatementArguments(ids))
        {
            tags[row["image_id"], default: []].append(row["tag"])
        }
        return records.map { Image(record: $0, properties: properties[$0.id] ?? [:], tags: tags[$0.id] ?? []) }
    }

    /// Replaces the stored properties and tags of `image` with its own.
    static func saveDetails(_ db: Database, _ image: Image) throws {
        try db.execute(sql: "DELETE FROM image_properties WHERE image_id = ?", arguments: [image.id])
        for (name, value) in image.properties {
            try db.execute(
                sql: "INSERT INTO image_properties (image_id, name, value) VALUES (?, ?, ?)", arguments: [image.id, name, value])
        }
        try db.execute(sql: "DELETE FROM image_tags WHERE image_id = ?", arguments: [image.id])
        for (position, tag) in image.tags.enumerated() {
            try db.execute(
                sql: "INSERT INTO image_tags (image_id, tag, position) VALUES (?, ?, ?)", arguments: [image.id, tag, position])
        }
    }
}
