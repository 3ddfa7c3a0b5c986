/// One entry of an Object Storage JSON listing (`?format=json`): a container of an account, an object
/// of a container, or a `subdir` that a delimiter folded names into.
public struct ListingEntry: Codable, Equatable, Sendable {
    public var name: String?
    public var subdir: String?
    public var bytes: Int64?
    /// Objects in a container (account listings).
    public var count: Int64?
    public var hash: String?
    public var contentType: String?
    /// As the store writes it: `2026-11-23T12:00:00.123450`.
    public var lastModified: String?

    enum CodingKeys: String, CodingKey {
        case name, subdir, bytes, count, hash
        case contentType = "content_type"
        case lastModified = "last_modified"
    }

    /// The name, or the folded prefix: what the next page's `marker` is.
    public var key: String { name ?? subdir ?? "" }

    /// Every entry of a listing, asked page by page with the last key of each as the next `marker`,
    /// until a page comes back empty. A page that starts with the marker itself (a folded `subdir`
    /// listed again) does not repeat it.
    static func all(page: (_ marker: String?) async throws -> [ListingEntry]) async throws -> [ListingEntry] {
        var entries: [ListingEntry] = []
        try await forEachPage(page) { entries += $0 }
        return entries
    }

    /// Calls `body` with each page of a listing in turn (see `all`), so a page may be acted on (its
    /// objects deleted) before the next is asked for.
    static func forEachPage(
        _ page: (_ marker: String?) async throws -> [ListingEntry], _ body: ([ListingEntry]) async throws -> Void
    ) async throws {
        var marker: String?
        while true {
            var entries = try await page(marker)
            if let marker, entries.first?.key == marker { entries.removeFirst() }
            guard let last = entries.last else { return }
            try await body(entries)
            marker = last.key
        }
    }
}
