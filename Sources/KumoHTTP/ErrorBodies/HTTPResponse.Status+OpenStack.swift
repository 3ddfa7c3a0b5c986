import HTTPTypes

extension HTTPResponse.Status {
    /// The standard reason phrase (Keystone's `title`), also for a status built from a bare code.
    var openStackReasonPhrase: String {
        if !reasonPhrase.isEmpty { return reasonPhrase }
        // `Status(code:)` carries no phrase; the named statuses do.
        return Self.named[code]?.reasonPhrase ?? "Error"
    }

    /// The message of an error that came without one, worded as webob and Keystone word them.
    var defaultErrorMessage: String {
        switch code {
        case 400: "The server could not comply with the request since it is either malformed or otherwise incorrect."
        case 401: "The request you have made requires authentication."
        case 403: "You are not authorized to perform the requested action."
        case 404: "The resource could not be found."
        case 405: "The method is not allowed for the requested URL."
        case 409: "There was a conflict when trying to complete your request."
        case 413: "The request is larger than the server is willing or able to process."
        case 415: "The request media type is not supported by this service."
        case 429: "Too many requests; try again later."
        case 501: "The server does not support this operation."
        case 503: "The service is unavailable; try again later."
        default: openStackReasonPhrase + "."
        }
    }

    /// A status whose code is an error (4xx, 5xx), else 500.
    init(errorCode: Int) {
        self =
            (400..<600).contains(errorCode) ? (Self.named[errorCode] ?? .init(code: errorCode)) : .internalServerError
    }

    private static let named: [Int: HTTPResponse.Status] = Dictionary(
        uniqueKeysWithValues: [
            .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .notAcceptable,
            .proxyAuthenticationRequired, .requestTimeout, .conflict, .gone, .lengthRequired, .preconditionFailed,
            .contentTooLarge, .uriTooLong, .unsupportedMediaType, .rangeNotSatisfiable, .expectationFailed,
            .misdirectedRequest, .unprocessableContent, .tooEarly, .upgradeRequired, .preconditionRequired,
            .tooManyRequests, .requestHeaderFieldsTooLarge, .unavailableForLegalReasons, .internalServerError,
            .notImplemented, .badGateway, .serviceUnavailable, .gatewayTimeout, .httpVersionNotSupported,
            .networkAuthenticationRequired,
        ].map { ($0.code, $0) }
    )
}
