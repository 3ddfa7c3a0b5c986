import GRDB
import KumoCore

/// The SQL of a listing: which rows of `images` a caller sees, in which order, after which marker.
extension ImageQuery {
    /// A condition and its arguments.
    struct Clause: Sendable {
        var sql: String
        var arguments: [any DatabaseValueConvertible & Sendable] = []

        static func all(_ clauses: [Clause]) -> Clause {
            Clause(sql: clauses.map { "(\($0.sql))" }.joined(separator: " AND "), arguments: clauses.flatMap(\.arguments))
        }
    }

    /// The images `credentials` may see at all (fetch one, page after a marker): an admin every image;
    /// anyone public and community images; a project its own and those shared with it, answered or not.
    static func seen(by credentials: Credentials) -> Clause {
        guard !credentials.isAdmin else { return Clause(sql: "status != 'deleted'") }
        let project = credentials.projectID ?? ""
        return Clause(
            sql: """
                status != 'deleted' AND (visibility IN ('public', 'community') OR owner = ?
                    OR (visibility = 'shared' AND EXISTS (
                        SELECT 1 FROM image_members m WHERE m.image_id = images.id AND m.member_id = ?)))
                """,
            arguments: [project, project])
    }

    /// The rows this query lists for `credentials`.
    func condition(for credentials: Credentials) -> Clause {
        var clauses = [Clause(sql: "status != 'deleted'"), visibilityClause(credentials)]
        for (attribute, values) in matches.sorted(by: { $0.key < $1.key }) {
            let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
            clauses.append(Clause(sql: "\(attribute) IN (\(marks))", arguments: values))
        }
        for tag in tags {
            clauses.append(
                Clause(sql: "EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = images.id AND t.tag = ?)", arguments: [tag]))
        }
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            clauses.append(
                Clause(
                    sql: "EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = images.id AND p.name = ? AND p.value = ?)",
                    arguments: [name, value]))
        }
        if let sizeMin { clauses.append(Clause(sql: "size >= ?", arguments: [sizeMin])) }
        if let sizeMax { clauses.append(Clause(sql: "size <= ?", arguments: [sizeMax])) }
        if let isProtected { clauses.append(Clause(sql: "protected = ?", arguments: [isProtected])) }
        clauses.append(Clause(sql: "os_hidden = ?", arguments: [isHidden]))
        return .all(clauses)
    }

    /// Which images the `visibility` and `member_status` filters leave to `credentials`.
    private func visibilityClause(_ credentials: Credentials) -> Clause {
        if credentials.isAdmin {
            guard let visibility, visibility != .all else { return Clause(sql: "1") }
            return Clause(sql: "visibility = ?", arguments: [visibility.rawValue])
        }
        let project = credentials.projectID ?? ""
        var member = Clause(
            sql: "EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = images.id AND m.member_id = ?"
                + (memberStatus == nil ? ")" : " AND m.status = ?)"),
            arguments: [project])
        if let memberStatus { member.arguments.append(memberStatus.rawValue) }
        let sharedWithMe = Clause(
            sql: "visibility = 'shared' AND (owner = ? OR \(member.sql))", arguments: [project] + member.arguments)
        switch visibility {
        case nil:
            return Clause(
                sql: "visibility = 'public' OR owner = ? OR (\(sharedWithMe.sql))", arguments: [project] + sharedWithMe.arguments)
        case .all:
            return Clause(
                sql: "visibility IN ('public', 'community') OR owner = ? OR (\(sharedWithMe.sql))",
                arguments: [project] + sharedWithMe.arguments)
        case .public, .community:
            return Clause(sql: "visibility = ?", arguments: [visibility!.rawValue])
        case .private:
            return Clause(sql: "visibility = 'private' AND owner = ?", arguments: [project])
        case .shared:
            return sharedWithMe
        }
    }

    /// The sort keys with `id` last, so that the order is total and a marker names one place in it.
    var totalOrder: [SortKey] {
        if sort.contains(where: { $0.name == "id" }) { return sort }
        return sort + [SortKey(name: "id", direction: sort.last?.direction ?? .desc)]
    }

    /// The SQL expression a key sorts by; empty values sort as the smallest.
    static func expression(_ key: String) -> String {
        switch key {
        case "name", "disk_format", "container_format": "COALESCE(\(key), '')"
        case "size", "virtual_size": "COALESCE(\(key), -1)"
        default: key
        }
    }

    /// `ORDER BY` of the listing.
    var orderBy: String {
        totalOrder.map { "\(Self.expression($0.name)) \($0.direction == .asc ? "ASC" : "DESC")" }.joined(separator: ", ")
    }

    /// The sort values of the marker image, fetched with `SELECT <this> FROM images WHERE id = ?`.
    var markerColumns: String { totalOrder.map { Self.expression($0.name) }.joined(separator: ", ") }

    /// The rows that come after a marker whose sort values are `values` (as `markerColumns` reads them).
    func after(_ values: [DatabaseValue]) -> Clause {
        var alternatives: [String] = []
        var arguments: [any DatabaseValueConvertible & Sendable] = []
        for (index, key) in totalOrder.enumerated() {
            var parts: [String] = []
            for (earlier, previous) in totalOrder.prefix(index).enumerated() {
                parts.append("\(Self.expression(previous.name)) = ?")
                arguments.append(values[earlier])
            }
            parts.append("\(Self.expression(key.name)) \(key.direction == .asc ? ">" : "<") ?")
            arguments.append(values[index])
            alternatives.append(parts.joined(separator: " AND "))
        }
        return Clause(sql: alternatives.map { "(\($0))" }.joined(separator: " OR "), arguments: arguments)
    }
}
