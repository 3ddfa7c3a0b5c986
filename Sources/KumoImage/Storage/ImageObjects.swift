import AsyncHTTPClient
import Foundation
import KumoClient
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// The image service's objects: container `images` in the object store account of the `service`
/// project, reached through the object proxy with the service's own token. Tenants have no role on
/// that project, so they can neither list nor read it.
///
/// An image's data is object `<image id>/<upload id>`: the whole data, or the static large object
/// manifest of segments `<image id>/<upload id>/<n>` (n = 00000001 …).
final class ImageObjects: Sendable {
    static let container = "images"

    /// An object just stored.
    struct Stored: Sendable, Equatable {
        var name: String
        var etag: String
        var bytes: Int
    }

    let http: HTTPClient
    let session: ServiceSession
    let logger: Logger
    private let containerExists = Atomic<Bool>(false)

    init(http: HTTPClient, session: ServiceSession, logger: Logger) {
        self.http = http
        self.session = session
        self.logger = logger
    }

    /// Streams `body` into object `name` (`length` nil sends it chunked); returns its ETag.
    func put(
        _ name: String, body: some AsyncSequence<ByteBuffer, any Error> & Sendable, length: Int?
    ) async throws -> String {
        try await ensureContainer()
        let account = try await session.account()
        var request = HTTPClientRequest(url: url(account, name))
        request.method = .PUT
        request.headers = headers(account, ["Content-Type": "application/octet-stream"])
        request.body = .stream(body, length: length.map { .known(Int64($0)) } ?? .unknown)
        let response = try await execute(request, action: "storing \(name)")
        try await expect(response, [201], account, action: "storing \(name)")
        return response.headers.first(name: "ETag")?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? ""
    }

    /// Stores the static large object `name` made of `segments`, in order.
    func putManifest(_ name: String, segments: [Stored]) async throws {
        let manifest = segments.map { segment -> JSONValue in
            [
                "path": .string("/\(Self.container)/\(segment.name)"), "etag": .string(segment.etag),
                "size_bytes": .number(Double(segment.bytes)),
            ]
        }
        let body = ByteBuffer(bytes: try JSONEncoder().encode(manifest))
        _ = try await send(.PUT, name, query: "?multipart-manifest=put", body: body, expecting: [201], action: "storing \(name)")
    }

    /// The object `name` (or `range` of it), its body not read yet.
    func get(_ name: String, range: ClosedRange<Int>? = nil) async throws -> HTTPClientResponse {
        var extra: HTTPHeaders = [:]
        if let range { extra.add(name: "Range", value: "bytes=\(range.lowerBound)-\(range.upperBound)") }
        return try await send(.GET, name, headers: extra, expecting: range == nil ? [200] : [206], action: "reading \(name)")
    }

    /// Deletes object `name`; one already gone is fine.
    func delete(_ name: String) async throws {
        let response = try await send(.DELETE, name, expecting: [204, 404], action: "deleting \(name)")
        _ = try? await response.body.collect(upTo: 1 << 16)
    }

    /// The names of the objects starting with `prefix`.
    func names(prefix: String) async throws -> [String] {
        struct Entry: Decodable { var name: String }
        var names: [String] = []
        while true {
            var query = "?format=json&prefix=\(Self.encode(prefix))"
            if let last = names.last { query += "&marker=\(Self.encode(last))" }
            let response = try await send(.GET, nil, query: query, expecting: [200, 204, 404], action: "listing \(prefix)")
            let body = try await response.body.collect(upTo: 16 << 20)
            guard response.status == .ok else { return names }
            let page = try JSONDecoder().decode([Entry].self, from: Data(body.readableBytesView))
            if page.isEmpty { return names }
            names += page.map(\.name)
        }
    }

    /// Deletes `known` objects and every object whose name starts with `prefix`; whether all are gone.
    /// Runs to its end even when the calling task is cancelled (a client that went away).
    func removeAll(prefix: String, known: [String] = []) async -> Bool {
        do {
            try await uncancelled { [self] in
                for name in Set(known + (try await names(prefix: prefix))) { try await delete(name) }
            }
            return true
        } catch {
            logger.warning("cannot remove image objects yet", metadata: ["prefix": "\(prefix)", "error": "\(error)"])
            return false
        }
    }

    // MARK: Requests

    /// Creates the container once per process (a PUT of an existing container is harmless).
    private func ensureContainer() async throws {
        guard !containerExists.load(ordering: .acquiring) else { return }
        _ = try await send(.PUT, nil, expecting: [201, 202], action: "creating the images container")
        containerExists.store(true, ordering: .releasing)
    }

    /// A request with a body known in advance, sent again once with a new token if the proxy refused it.
    private func send(
        _ method: HTTPMethod, _ name: String?, query: String = "", headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil,
        expecting statuses: Set<UInt>, action: String
    ) async throws -> HTTPClientResponse {
        for attempt in 1...2 {
            let account = try await session.account()
            var request = HTTPClientRequest(url: url(account, name) + query)
            request.method = method
            request.headers = headers(account, extra)
            if let body { request.body = .bytes(body) }
            let response = try await execute(request, action: action)
            if response.status == .unauthorized, attempt == 1 {
                _ = try? await response.body.collect(upTo: 1 << 16)
                await session.invalidate(account.token)
                continue
            }
            try await expect(response, statuses, account, action: action)
            return response
        }
        throw ObjectStoreError.failed(action: action, status: 401)
    }

    private func execute(_ request: HTTPClientRequest, action: String) async throws -> HTTPClientResponse {
        do {
            return try await http.execute(request, timeout: .hours(24))
        } catch {
            logger.warning("object store request failed", metadata: ["action": "\(action)", "error": "\(error)"])
            throw error
        }
    }

    /// Throws (reading the error body) unless `response` has one of `statuses`.
    private func expect(
        _ response: HTTPClientResponse, _ statuses: Set<UInt>, _ account: ServiceSession.Account, action: String
    ) async throws {
        guard !statuses.contains(response.status.code) else { return }
        let body = try? await response.body.collect(upTo: 1 << 16)
        if response.status == .unauthorized { await session.invalidate(account.token) }
        if response.status.code == 404 { containerExists.store(false, ordering: .releasing) }
        logger.warning(
            "object store refused a request",
            metadata: [
                "action": "\(action)", "status": "\(response.status.code)",
                "body": "\(body.map { String(buffer: $0) } ?? "")",
            ])
        throw ObjectStoreError.failed(action: action, status: Int(response.status.code))
    }

    private func headers(_ account: ServiceSession.Account, _ extra: HTTPHeaders) -> HTTPHeaders {
        var headers = extra
        headers.add(name: "X-Auth-Token", value: account.token)
        return headers
    }

    private func url(_ account: ServiceSession.Account, _ name: String?) -> String {
        account.url + "/" + Self.container + (name.map { "/" + Self.encode($0, keepSlashes: true) } ?? "")
    }

    private static func encode(_ text: String, keepSlashes: Bool = false) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: keepSlashes ? "-._~/" : "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
