import Hummingbird
import KumoAuth

/// Validates `X-Auth-Token` locally (signature, expiry, revocations) and sets `context.credentials`.
///
/// A missing or invalid token leaves the credentials empty; handlers that need them answer 401.
/// No request reaches identity over HTTP to validate a token.
public struct TokenAuthMiddleware: RouterMiddleware {
    public typealias Context = KumoRequestContext

    let verifier: TokenVerifier

    public init(verifier: TokenVerifier) {
        self.verifier = verifier
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.headers[.authToken], let claims = try? verifier.verify(token) {
            context.credentials = claims.credentials
        }
        return try await next(request, context)
    }
}
