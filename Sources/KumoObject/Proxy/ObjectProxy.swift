import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP
import KumoObjectDisk
import KumoRing
import KumoRuntime
import Logging
import NIOCore
import NIOHTTP1

/// The object proxy (`kumod object-proxy`): the Object Storage v1 API (`/v1/AUTH_<project_id>/…`)
/// in front of the storage nodes, authenticated by identity tokens (account = project).
///
/// Writes go to every replica and succeed on a quorum; reads try replicas in order and fall back
/// to the next; a node that cannot be reached is replaced by a handoff. Static large objects are
/// assembled from their segments on read.
struct ObjectProxy: Sendable {
    let settings: ObjectSettings
    let rings: ObjectRings
    let backends: Backends
    let containers = ContainerInfoCache()
    let logger: Logger

    func router(verification: TokenVerification) -> Router<KumoRequestContext> {
        let router = Router(errorStyle: .plain)
        router.add(middleware: TokenAuthMiddleware(verifier: verification.verifier) { await verification.refresh() })
        router.get("info") { _, _ in JSONResponse(Self.capabilities(settings)) }
        router.get("healthcheck") { _, _ in "OK" }
        for method in [HTTPRequest.Method.get, .head, .put, .post, .delete] {
            router.on("v1/**", method: method) { request, context in try await dispatch(request, context) }
        }
        return router
    }

    /// `/info`: what this cluster supports, as swiftclient asks before a segmented upload.
    static func capabilities(_ settings: ObjectSettings) -> [String: [String: Int]] {
        [
            "swift": ["max_file_size": settings.maxObjectBytes, "container_listing_limit": ListingQuery.maximumLimit],
            "slo": ["max_manifest_segments": StaticLargeObject.maxSegments, "max_manifest_size": StaticLargeObject.maxManifestBytes, "min_segment_size": 1],
        ]
    }

    private func dispatch(_ request: Request, _ context: KumoRequestContext) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2)
        let path: ObjectPath
        do {
            path = try ObjectPath(segments: segments)
        } catch {
            throw APIError.badRequest("\(error)")
        }
        guard path.account.hasPrefix("AUTH_"), path.account.count > 5 else {
            throw APIError.notFound("Accounts are named AUTH_<project_id>.")
        }
        if path.object != nil { return try await object(request, context, path) }
        if path.container != nil { return try await container(request, context, path) }
        return try await account(request, context, path)
    }

    /// The project an account belongs to.
    static func project(of path: ObjectPath) -> String { String(path.account.dropFirst(5)) }

    /// Refuses the request unless the token may do `action` in the account, or `acl` allows it.
    func authorize(
        _ context: KumoRequestContext, _ path: ObjectPath, _ action: AccessPolicy.Action, acl: ContainerACL? = nil,
        listing: Bool = false
    ) throws {
        let credentials = context.credentials
        if let credentials, AccessPolicy.allows(credentials, action, projectID: Self.project(of: path)) { return }
        if let acl, action == .read ? acl.allows(credentials, listing: listing) : acl.grants(credentials) { return }
        throw credentials == nil ? APIError.unauthorized() : APIError.forbidden()
    }

    /// A new X-Timestamp for a write.
    static func timestamp() -> String { ObjectTimestamp.now().description }

    // MARK: Headers

    /// Client headers passed to storage nodes.
    static func backendHeaders(_ headers: HTTPFields, timestamp: String? = nil) -> HTTPHeaders {
        var out = HTTPHeaders()
        for field in headers {
            let name = field.name.canonicalName
            if name.hasPrefix("x-object-meta-") || name.hasPrefix("x-container-meta-") || name.hasPrefix("x-account-meta-")
                || name.hasPrefix("x-remove-") || Self.passedHeaders.contains(name)
            {
                out.add(name: field.name.rawName, value: field.value)
            }
        }
        if let timestamp { out.add(name: "X-Timestamp", value: timestamp) }
        return out
    }

    static let passedHeaders: Set<String> = [
        "content-type", "etag", "content-encoding", "content-disposition", "if-match", "if-none-match", "range",
        "x-container-read", "x-container-write",
    ]

    /// Storage node headers passed to the client.
    static func clientHeaders(_ headers: HTTPHeaders) -> HTTPFields {
        var out = HTTPFields()
        for (name, value) in headers {
            let lower = name.lowercased()
            guard !lower.hasPrefix("x-backend-"), !lower.hasPrefix("x-object-sysmeta-"), !Self.hopHeaders.contains(lower), let field = HTTPField.Name(name) else {
                continue
            }
            out.append(HTTPField(name: field, value: value))
        }
        return out
    }

    static let hopHeaders: Set<String> = ["connection", "transfer-encoding", "keep-alive", "server", "date", "content-length"]
}
