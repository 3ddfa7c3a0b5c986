import HTTPTypes

/// `{"NeutronError": {"type": "HTTPNotFound", "message": "…", "detail": ""}}`, as neutron's API faults render.
struct NeutronErrorBody: Encodable {
    struct Detail: Encodable {
        var type: String
        var message: String
        var detail: String
    }

    var error: Detail

    enum CodingKeys: String, CodingKey {
        case error = "NeutronError"
    }

    init(status: HTTPResponse.Status, message: String) {
        self.error = Detail(type: Self.typeName(for: status), message: message, detail: "")
    }

    /// The webob exception class Neutron names for a status.
    static func typeName(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "HTTPBadRequest"
        case 401: "HTTPUnauthorized"
        case 403: "HTTPForbidden"
        case 404: "HTTPNotFound"
        case 405: "HTTPMethodNotAllowed"
        case 409: "HTTPConflict"
        case 413: "HTTPRequestEntityTooLarge"
        case 415: "HTTPUnsupportedMediaType"
        case 429: "HTTPTooManyRequests"
        case 501: "HTTPNotImplemented"
        case 503: "HTTPServiceUnavailable"
        case 500..<600: "HTTPInternalServerError"
        default: "HTTPError"
        }
    }
}
