import Hummingbird
import KumoAuth

/// Validates `X-Auth-Token` locally (signature, expiry, revocations) and sets `context.credentials`.
///
/// A missing or invalid token leaves the credentials empty; handlers that need them answer 401.
/// No request reaches identity over HTTP to validate a token. A token signed by a key not known yet
/// (a service that just started, a rotation not announced yet) first asks `refreshKeys` to fetch
/// identity's keys, then is checked again.
public struct TokenAuthMiddleware: RouterMiddleware {
    public typealias Context = KumoRequestContext

    let verifier: TokenVerifier
    let refreshKeys: (@Sendable () async -> Void)?

    public init(verifier: TokenVerifier, refreshKeys: (@Sendable () async -> Void)? = nil) {
        self.verifier = verifier
        self.refreshKeys = refreshKeys
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.headers[.authToken] {
            do {
                context.credentials = try verifier.verify(token).credentials
            } catch .unknownKey {
                if let refreshKeys {
                    await refreshKeys()
                    context.credentials = try? verifier.verify(token).credentials
                }
            } catch {}
        }
        return try await next(request, context)
    }
}
