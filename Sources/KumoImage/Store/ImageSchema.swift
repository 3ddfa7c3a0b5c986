import GRDB
import KumoStore

/// The image database's migrations (`<state_dir>/image/image.sqlite`).
enum ImageSchema {
    static let migrations: [Migration] = [
        Migration(1, "create-images") { db in
            try db.create(table: "images") { t in
                t.primaryKey("id", .text)
                t.column("name", .text)
                t.column("status", .text).notNull()
                t.column("visibility", .text).notNull()
                t.column("protected", .boolean).notNull().defaults(to: false)
                t.column("os_hidden", .boolean).notNull().defaults(to: false)
                t.column("owner", .text).notNull()
                t.column("disk_format", .text)
                t.column("container_format", .text)
                t.column("size", .integer)
                t.column("virtual_size", .integer)
                t.column("checksum", .text)
                t.column("os_hash_algo", .text)
                t.column("os_hash_value", .text)
                t.column("min_disk", .integer).notNull().defaults(to: 0)
                t.column("min_ram", .integer).notNull().defaults(to: 0)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                t.column("location", .text)
                t.column("segment_bytes", .integer)
                t.column("upload_id", .text)
            }
            try db.create(index: "images_owner", on: "images", columns: ["owner"])
            try db.create(index: "images_status", on: "images", columns: ["status"])
            try db.create(table: "image_properties") { t in
                t.column("image_id", .text).notNull().references("images", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["image_id", "name"])
            }
            try db.create(table: "image_tags") { t in
                t.column("image_id", .text).notNull().references("images", onDelete: .cascade)
                t.column("tag", .text).notNull()
                t.column("position", .integer).notNull()
                t.primaryKey(["image_id", "tag"])
            }
            try db.create(table: "image_members") { t in
                t.column("image_id", .text).notNull().references("images", onDelete: .cascade)
                t.column("member_id", .text).notNull()
                t.column("status", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                t.primaryKey(["image_id", "member_id"])
            }
            try db.create(index: "image_members_member", on: "image_members", columns: ["member_id"])
        }
    ]
}
