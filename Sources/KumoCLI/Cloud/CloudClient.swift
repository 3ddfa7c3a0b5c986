import AsyncHTTPClient
import Foundation
import KumoClient
import NIOCore
import NIOHTTP1

/// A signed-in connection to the cloud: the token and catalog every `kumo` command that calls an API
/// uses, and requests made with them.
public struct CloudClient: Sendable {
    public let http: KumoHTTPClient
    public let auth: AuthOptions
    public let session: IdentitySession

    public var token: String { session.token }

    /// The `/v3` URL of identity, as the user gave it.
    public var identityURL: String { auth.identityV3 }

    /// The public URL of the catalog's service of `type` (in `OS_REGION_NAME` when set).
    public func endpoint(type: String) throws -> String {
        try session.endpoint(type: type, region: auth.region)
    }

    /// Runs `body` with a client of the cached session of `auth` (more than 30 s left), else of a new one
    /// that replaces the cache. A cached token the cloud refuses (401: revoked) is replaced once.
    public static func with<T>(
        _ auth: AuthOptions, cache: SessionCache, fresh: Bool = false, _ body: (CloudClient) async throws -> T
    ) async throws -> T {
        try await KumoHTTPClient.with { http in
            if !fresh, let session = cache.session(for: auth) {
                do {
                    return try await body(CloudClient(http: http, auth: auth, session: session))
                } catch let failure as APIFailure where failure.status == 401 {}
            }
            let session = try await reaching(auth.identityV3) {
                try await IdentityClient(client: http).authenticate(auth)
            }
            try cache.save(session, for: auth)
            return try await body(CloudClient(http: http, auth: auth, session: session))
        }
    }

    /// Sends a request with the session's token and a JSON (or raw) body.
    @discardableResult
    public func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], json: (any Encodable & Sendable)? = nil,
        body: Data? = nil
    ) async throws -> KumoHTTPClient.Response {
        try await Self.reaching(url) {
            try await http.send(method, url, token: token, headers: headers, json: json, body: body)
        }
    }

    /// Sends `request` with the session's token; the response's body is left for the caller to stream.
    public func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        var request = request
        request.headers.replaceOrAdd(name: "X-Auth-Token", value: token)
        return try await Self.reaching(request.url) { try await http.execute(request, timeout: timeout) }
    }

    /// Runs a request; an API's error answer stays an `APIFailure` (and the CLI's own error, as a streamed
    /// body throws it, a `CLIError`), a transport error names the URL.
    static func reaching<T>(_ url: String, _ request: () async throws -> T) async throws -> T {
        do {
            return try await request()
        } catch let failure as APIFailure {
            throw failure
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot reach \(url): \(error)")
        }
    }
}
