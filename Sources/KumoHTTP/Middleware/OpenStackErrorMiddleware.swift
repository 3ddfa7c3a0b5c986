import HTTPTypes
import Hummingbird
import KumoCore
import Logging

/// Turns every error thrown below it into an OpenStack error body in the API's ``ErrorBodyStyle``.
///
/// Add it to the router before any route, so that it also renders the router's own 404s:
/// - a `PublicError` (``APIError``, a module's error enum) → its status and public message;
/// - Hummingbird's `HTTPError` (unknown route, `request.decode` failures, a handler's `HTTPError`) and any other
///   `HTTPResponseError` (a body over the limit) → its status, its message or the usual wording for the status;
/// - a `DecodingError` → 400 naming the field;
/// - anything else → logged at `error` with its full detail and answered 500 with a generic message that quotes
///   the request id, never the error's own text.
///
/// Every error response carries `X-Openstack-Request-Id`.
public struct OpenStackErrorMiddleware: RouterMiddleware {
    public typealias Context = KumoRequestContext

    /// The body shape of this API.
    public let style: ErrorBodyStyle

    public init(style: ErrorBodyStyle) {
        self.style = style
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var response = errorResponse(for: error, context: context)
            response.headers[.openStackRequestID] = context.requestID
            return response
        }
    }

    /// The response for `error`, logging what a user may not see.
    func errorResponse(for error: any Error, context: Context) -> Response {
        switch error {
        case let error as APIError:
            log(error, status: error.status, context: context)
            return style.response(status: error.status, message: error.publicMessage, headers: error.headers)
        case let error as any PublicError:
            let status = HTTPResponse.Status(errorCode: error.statusCode)
            log(error, status: status, context: context)
            return style.response(status: status, message: error.publicMessage)
        case let error as HTTPError:
            let status = HTTPResponse.Status(errorCode: error.status.code)
            log(error, status: status, context: context)
            return style.response(
                status: status, message: error.body ?? status.defaultErrorMessage, headers: error.headers)
        case let error as any HTTPResponseError:
            let status = HTTPResponse.Status(errorCode: error.status.code)
            log(error, status: status, context: context)
            return style.response(status: status, message: status.defaultErrorMessage)
        case let error as DecodingError:
            log(error, status: .badRequest, context: context)
            return style.response(status: .badRequest, message: error.publicMessage)
        default:
            context.logger.error(
                "Unexpected error while handling request",
                metadata: ["error": "\(String(reflecting: error))"]
            )
            let message =
                "An unexpected error prevented the server from fulfilling your request. "
                + "(request id \(context.requestID))"
            return style.response(status: .internalServerError, message: message)
        }
    }

    /// Client errors at `debug`, server errors at `error`: a 5xx is the service's fault even when it has words.
    private func log(_ error: any Error, status: HTTPResponse.Status, context: Context) {
        let metadata: Logger.Metadata = [
            "error": "\(String(reflecting: error))", "http.response.status_code": "\(status.code)",
        ]
        if status.code >= 500 {
            context.logger.error("Request failed", metadata: metadata)
        } else {
            context.logger.debug("Request rejected", metadata: metadata)
        }
    }
}
