import Foundation
import KumoHTTP

/// What `GET /v2/images` asks for: filters, sort, page size and marker, read from its query
/// parameters as Glance reads them.
///
/// Filters: `name`, `id`, `status`, `disk_format`, `container_format` (each also as `in:a,b`),
/// `visibility` (`public`, `private`, `shared`, `community`, `all`), `member_status` (`accepted` by
/// default, `pending`, `rejected`, `all`), `owner`, `tag` (repeatable: every tag must be there),
/// `size_min`, `size_max`, `protected`, `os_hidden` (false by default); any other parameter filters a
/// free-form property by value. Sort: `sort=name:asc,size` or `sort_key`/`sort_dir` (default
/// `created_at` descending); `limit` (25 by default, at most 1000) and `marker` (the last image id of
/// the previous page).
struct ImageQuery: Sendable, Equatable {
    enum VisibilityFilter: String, Sendable, CaseIterable {
        case `public`, `private`, shared, community, all
    }

    enum SortDirection: String, Sendable {
        case asc, desc
    }

    struct SortKey: Sendable, Equatable {
        var name: String
        var direction: SortDirection
    }

    static let defaultLimit = 25
    static let maxLimit = 1000
    /// The attributes a list may be sorted by.
    static let sortable: Set<String> = [
        "name", "status", "container_format", "disk_format", "size", "virtual_size", "id", "created_at", "updated_at",
        "visibility", "owner", "min_disk", "min_ram",
    ]

    var visibility: VisibilityFilter?
    /// nil: any answer (`member_status=all`).
    var memberStatus: MemberStatus? = .accepted
    /// Attribute (`name`, `id`, `status`, `disk_format`, `container_format`, `owner`) → accepted values.
    var matches: [String: [String]] = [:]
    var tags: [String] = []
    var sizeMin: Int?
    var sizeMax: Int?
    var isProtected: Bool?
    var isHidden = false
    var properties: [String: String] = [:]
    var sort: [SortKey] = [SortKey(name: "created_at", direction: .desc)]
    var limit = Self.defaultLimit
    var marker: String?

    init() {}

    /// Reads the query parameters of a listing, in order.
    /// - Throws: 400 naming the parameter that is wrong.
    init(parameters: [(String, String)]) throws(APIError) {
        var sortKeys: [String] = []
        var sortDirections: [SortDirection] = []
        var sortParameter: String?
        for (name, value) in parameters {
            switch name {
            case "visibility":
                guard let visibility = VisibilityFilter(rawValue: value) else {
                    throw Self.invalid(name, value, "use one of \(VisibilityFilter.allCases.map(\.rawValue))")
                }
                self.visibility = visibility
            case "member_status":
                if value == "all" {
                    memberStatus = nil
                } else {
                    guard let status = MemberStatus(rawValue: value) else {
                        throw Self.invalid(name, value, "use pending, accepted, rejected or all")
                    }
                    memberStatus = status
                }
            case "name", "id", "status", "disk_format", "container_format", "owner":
                matches[name] = value.hasPrefix("in:") ? Self.list(value.dropFirst(3)) : [value]
            case "tag": tags.append(value)
            case "size_min": sizeMin = try Self.integer(name, value)
            case "size_max": sizeMax = try Self.integer(name, value)
            case "protected": isProtected = try Self.boolean(name, value)
            case "os_hidden": isHidden = try Self.boolean(name, value)
            case "limit":
                limit = min(try Self.integer(name, value), Self.maxLimit)
            case "marker": marker = value
            case "sort": sortParameter = value
            case "sort_key": sortKeys.append(value)
            case "sort_dir":
                guard let direction = SortDirection(rawValue: value) else { throw Self.invalid(name, value, "use asc or desc") }
                sortDirections.append(direction)
            default: properties[name] = value
            }
        }
        if let sortParameter {
            guard sortKeys.isEmpty, sortDirections.isEmpty else {
                throw APIError.badRequest("The 'sort' parameter cannot be combined with 'sort_key' or 'sort_dir'.")
            }
            sort = try Self.sortList(sortParameter)
        } else if !sortKeys.isEmpty || !sortDirections.isEmpty {
            sort = try Self.legacySort(keys: sortKeys, directions: sortDirections)
        }
    }

    /// The parameters of a URL query, decoded as webob decodes them: `+` is a space (Python's
    /// `requests` sends `name=my+image`), then percent escapes.
    static func parameters(fromQuery query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        func decode(_ text: Substring) -> String {
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// `name:asc,size` → sort keys (descending unless said).
    private static func sortList(_ text: String) throws(APIError) -> [SortKey] {
        var keys: [SortKey] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            var direction = SortDirection.desc
            if parts.count == 2 {
                guard let given = SortDirection(rawValue: parts[1]) else {
                    throw invalid("sort", String(item), "directions are asc or desc")
                }
                direction = given
            }
            keys.append(SortKey(name: try sortable(parts[0]), direction: direction))
        }
        guard !keys.isEmpty else { throw invalid("sort", text, "name at least one key") }
        return keys
    }

    /// `sort_key=a&sort_key=b&sort_dir=asc`: one direction for all keys, or one per key.
    private static func legacySort(keys: [String], directions: [SortDirection]) throws(APIError) -> [SortKey] {
        let names = keys.isEmpty ? ["created_at"] : keys
        guard directions.count <= 1 || directions.count == names.count else {
            throw APIError.badRequest("Give one sort_dir, or one per sort_key.")
        }
        var sort: [SortKey] = []
        for (index, name) in names.enumerated() {
            let direction = directions.count > 1 ? directions[index] : (directions.first ?? .desc)
            sort.append(SortKey(name: try sortable(name), direction: direction))
        }
        return sort
    }

    private static func sortable(_ name: String) throws(APIError) -> String {
        guard Self.sortable.contains(name) else { throw invalid("sort_key", name, "sort by one of \(Self.sortable.sorted())") }
        return name
    }

    /// `a,"b,c",d` → its items (quotes keep commas).
    private static func list(_ text: Substring) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted:
                items.append(current)
                current = ""
            default: current.append(character)
            }
        }
        items.append(current)
        return items
    }

    private static func integer(_ name: String, _ value: String) throws(APIError) -> Int {
        guard let number = Int(value), number >= 0 else { throw invalid(name, value, "give a non-negative integer") }
        return number
    }

    private static func boolean(_ name: String, _ value: String) throws(APIError) -> Bool {
        switch value.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw invalid(name, value, "give true or false")
        }
    }

    private static func invalid(_ name: String, _ value: String, _ hint: String) -> APIError {
        APIError.badRequest("Invalid value '\(value)' for parameter '\(name)': \(hint).")
    }
}
