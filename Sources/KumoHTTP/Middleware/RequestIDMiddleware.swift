import HTTPTypes
import Hummingbird
import Logging

/// Answers every request with its `X-Openstack-Request-Id` and binds the request logger as `Logger.current`.
///
/// The id itself is made by ``KumoRequestContext`` (one per request, `req-<uuid4>`); a client's own
/// `X-Openstack-Request-Id` is ignored, as in OpenStack. A valid incoming `traceparent` is kept for RPC calls.
/// Error responses get the header from ``OpenStackErrorMiddleware``, so the order of the two does not matter.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = KumoRequestContext

    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let traceparent = request.headers[.traceparent], Self.isValidTraceparent(traceparent) {
            context.traceparent = traceparent
        }
        var response = try await withLogger(context.logger) { _ in
            try await next(request, context)
        }
        response.headers[.openStackRequestID] = context.requestID
        return response
    }

    /// `version-traceid-parentid-flags`: 2, 32, 16 and 2 lowercase hex digits.
    static func isValidTraceparent(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [2, 32, 16, 2] else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isHexDigit && !$0.isUppercase } }
    }
}
