import HTTPTypes
import KumoCore

/// An error a handler throws to answer with a status and a message, in the API's error style.
///
/// ```swift
/// guard let project = try await store.project(id) else { throw APIError.notFound(kind: "project", id: id) }
/// ```
public struct APIError: PublicError, Sendable, Equatable {
    /// The status to answer with (4xx or 5xx).
    public var status: HTTPResponse.Status
    /// Shown to the user: ids yes, paths, SQL or C error strings no.
    public var publicMessage: String
    /// Headers added to the error response (`WWW-Authenticate` on a 401, `Retry-After` …).
    public var headers: HTTPFields

    public var statusCode: Int { status.code }

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.publicMessage = message
        self.headers = headers
    }

    /// 400 with a message naming what is wrong.
    public static func badRequest(_ message: String) -> APIError {
        APIError(.badRequest, message)
    }

    /// 401, Keystone's wording by default.
    public static func unauthorized(
        _ message: String = "The request you have made requires authentication.",
        headers: HTTPFields = [:]
    ) -> APIError {
        APIError(.unauthorized, message, headers: headers)
    }

    /// 403, Keystone's wording by default.
    public static func forbidden(_ message: String = "You are not authorized to perform the requested action.")
        -> APIError
    {
        APIError(.forbidden, message)
    }

    /// 404 "Could not find project: 1234.", as Keystone words it.
    public static func notFound(kind: String, id: String) -> APIError {
        APIError(.notFound, "Could not find \(kind): \(id).")
    }

    /// 404 with a message of its own.
    public static func notFound(_ message: String) -> APIError {
        APIError(.notFound, message)
    }

    /// 409, e.g. a duplicate name.
    public static func conflict(_ message: String) -> APIError {
        APIError(.conflict, message)
    }

    /// 413 for a body over `limit` bytes.
    public static func contentTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, "The request body is larger than the limit of \(limit) bytes.")
    }

    /// 415 for a body that is not in a media type the API reads.
    public static func unsupportedMediaType(
        _ message: String = "The request media type is not supported by this service; send application/json."
    ) -> APIError {
        APIError(.unsupportedMediaType, message)
    }

    /// 501 for a part of the API Kumo does not build.
    public static func notImplemented(_ message: String = "The server does not support this operation.") -> APIError {
        APIError(.notImplemented, message)
    }

    /// 503 when a backend the request needs is down.
    public static func serviceUnavailable(_ message: String) -> APIError {
        APIError(.serviceUnavailable, message)
    }
}

extension APIError: CustomStringConvertible {
    public var description: String { "APIError(\(status.code)): \(publicMessage)" }
}
