import Foundation
import KumoClient

/// Nova's `links` of a resource: `self` under the versioned API and `bookmark` without the version.
struct Links: Sendable {
    /// The API's base URL as clients see it, e.g. `http://127.0.0.1:8774`.
    let base: String

    func links(_ collection: String, _ id: String) -> JSONValue {
        [
            ["rel": "self", "href": .string("\(base)/v2.1/\(collection)/\(id)")],
            ["rel": "bookmark", "href": .string("\(base)/\(collection)/\(id)")],
        ]
    }

    /// `{"servers_links": [{"rel": "next", "href": …}]}` for a full page, else nothing.
    func next(_ collection: String, path: String, query: [(String, String)], page: Int, limit: Int, lastID: String?) -> [String: JSONValue] {
        guard page == limit, limit > 0, let lastID else { return [:] }
        let kept = query.filter { $0.0 != "marker" } + [("marker", lastID)]
        let text = kept.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }
            .joined(separator: "&")
        return ["\(collection)_links": [["rel": "next", "href": .string("\(base)/v2.1/\(path)?\(text)")]]]
    }
}
