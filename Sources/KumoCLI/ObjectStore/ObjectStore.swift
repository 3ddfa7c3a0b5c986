import AsyncHTTPClient
import Foundation
import KumoClient
import NIOCore
import NIOHTTP1

/// The object store of the signed-in project, at the catalog's `object-store` endpoint
/// (`…/v1/AUTH_<project_id>`), and the requests the `container` and `object` commands make of it.
public struct ObjectStore: Sendable {
    public let cloud: CloudClient
    /// The account's URL.
    public let account: String

    /// Longest an upload or download request may take until its answer starts (an upload's body is
    /// sent by then).
    static let transferTimeout: TimeAmount = .hours(1)

    public init(_ cloud: CloudClient) throws {
        self.cloud = cloud
        account = try cloud.endpoint(type: "object-store")
    }

    /// The URL of the account, a container or an object, with query parameters; names are percent-encoded.
    func url(_ container: String? = nil, _ object: String? = nil, query: [(String, String)] = []) -> String {
        var url = account
        if let container { url += "/" + Self.encoded(container) }
        if let object { url += "/" + Self.encoded(object, keepingSlashes: true) }
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.encoded($0.0))=\(Self.encoded($0.1))" }.joined(separator: "&")
        }
        return url
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` percent-encoded but for unreserved characters (and with `keepingSlashes`, slashes).
    static func encoded(_ text: String, keepingSlashes: Bool = false) -> String {
        let allowed = keepingSlashes ? unreserved.union(CharacterSet(charactersIn: "/")) : unreserved
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: Listings

    /// Every entry of the account's listing (containers) or of a container's (objects).
    func listing(
        _ container: String? = nil, prefix: String? = nil, delimiter: String? = nil
    ) async throws -> [ListingEntry] {
        try await ListingEntry.all { try await page(container, prefix: prefix, delimiter: delimiter, marker: $0) }
    }

    /// Calls `body` with each page of a container's listing in turn.
    func forEachPage(of container: String, _ body: ([ListingEntry]) async throws -> Void) async throws {
        try await ListingEntry.forEachPage({ try await page(container, marker: $0) }, body)
    }

    /// One page of a listing, after `marker`.
    private func page(
        _ container: String?, prefix: String? = nil, delimiter: String? = nil, marker: String?
    ) async throws -> [ListingEntry] {
        var query = [("format", "json")]
        for case let (name, value?) in [("prefix", prefix), ("delimiter", delimiter), ("marker", marker)] {
            query.append((name, value))
        }
        let response = try await naming(container) { try await cloud.send(.GET, url(container, query: query)) }
        // An account without containers yet answers 204 without a body.
        return response.body.isEmpty ? [] : try response.decode([ListingEntry].self)
    }

    // MARK: Containers and objects

    /// Sends a streaming request of an object (upload or download); the response's body is left to read.
    /// A download's 404 names the object; an upload's is the store's own word on the missing container.
    func transfer(
        _ request: HTTPClientRequest, _ container: String, _ object: String
    ) async throws -> HTTPClientResponse {
        guard request.method == .GET else { return try await cloud.execute(request, timeout: Self.transferTimeout) }
        return try await naming(container, object) { try await cloud.execute(request, timeout: Self.transferTimeout) }
    }

    /// The headers of a container or an object.
    func head(_ container: String, _ object: String? = nil) async throws -> HTTPHeaders {
        try await naming(container, object) { try await cloud.send(.HEAD, url(container, object)).headers }
    }

    /// Creates a container (or sets the read ACL of one that exists); a public one anyone may read and list.
    func createContainer(_ container: String, public: Bool = false) async throws {
        try await cloud.send(.PUT, url(container), headers: `public` ? [("X-Container-Read", ".r:*,.rlistings")] : [])
    }

    /// Creates `container` unless it exists.
    func ensureContainer(_ container: String) async throws {
        do {
            _ = try await head(container)
        } catch let failure as APIFailure where failure.status == 404 {
            try await createContainer(container)
        }
    }

    /// Deletes an empty container.
    func deleteContainer(_ container: String) async throws {
        try await naming(container) { try await cloud.send(.DELETE, url(container)) }
    }

    /// Deletes an object; a static large object with its segments.
    func deleteObject(_ container: String, _ object: String) async throws {
        let query = Self.isLargeObject(try await head(container, object)) ? [("multipart-manifest", "delete")] : []
        try await naming(container, object) { try await cloud.send(.DELETE, url(container, object, query: query)) }
    }

    /// The most segments a static large object may have, as the store's `/info` says.
    func maxManifestSegments() async throws -> Int {
        guard let version = account.range(of: "/v1/", options: .backwards) else {
            throw CLIError("the object-store endpoint \(account) is not a /v1/ URL")
        }
        struct Info: Decodable {
            struct LargeObjects: Decodable { var max_manifest_segments: Int }
            var slo: LargeObjects?
        }
        let info = try await cloud.send(.GET, String(account[..<version.lowerBound]) + "/info").decode(Info.self)
        guard let limit = info.slo?.max_manifest_segments else {
            throw CLIError("the object store does not take static large objects")
        }
        return limit
    }

    // MARK: Headers

    /// The first value of header `name`, or null.
    static func field(_ headers: HTTPHeaders, _ name: String) -> JSONValue {
        headers.first(name: name).map(JSONValue.string) ?? .null
    }

    /// Whether an object's headers are those of a static large object.
    static func isLargeObject(_ headers: HTTPHeaders) -> Bool {
        headers.first(name: "X-Static-Large-Object")?.lowercased() == "true"
    }

    /// The user metadata among `headers` (`X-Container-Meta-*`, `X-Object-Meta-*`), by lowercase key.
    static func metadata(_ headers: HTTPHeaders, prefix: String) -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [:]
        for (name, value) in headers where name.lowercased().hasPrefix(prefix.lowercased()) {
            metadata[String(name.dropFirst(prefix.count)).lowercased()] = .string(value)
        }
        return metadata
    }

    /// Runs a request of a container (or of an object in it); its 404 names what was not found, which
    /// the answer to a HEAD, having no body, cannot.
    @discardableResult
    private func naming<T>(
        _ container: String?, _ object: String? = nil, _ request: () async throws -> T
    ) async throws -> T {
        do {
            return try await request()
        } catch var failure as APIFailure where failure.status == 404 {
            guard let container else { throw failure }
            failure.message =
                object.map { "no object '\($0)' in container '\(container)'" } ?? "container '\(container)' not found"
            throw failure
        }
    }
}

extension CloudOptions {
    /// Runs `body` signed in, with the project's object store.
    func withObjectStore<T>(_ body: (ObjectStore) async throws -> T) async throws -> T {
        try await withCloud { try await body(try ObjectStore($0)) }
    }
}
