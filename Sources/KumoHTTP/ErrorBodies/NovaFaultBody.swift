import HTTPTypes

/// `{"itemNotFound": {"code": 404, "message": "…"}}`, as nova/api/openstack/wsgi.py's `Fault` renders it.
struct NovaFaultBody: Encodable {
    struct Detail: Encodable {
        var code: Int
        var message: String
    }

    var name: String
    var detail: Detail

    init(status: HTTPResponse.Status, message: String) {
        self.name = Self.faultName(for: status)
        self.detail = Detail(code: status.code, message: message)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FaultKey.self)
        try container.encode(detail, forKey: FaultKey(stringValue: name))
    }

    /// Nova's `Fault._fault_names`; any other status is a `computeFault`.
    static func faultName(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "badMethod"
        case 409: "conflictingRequest"
        case 413, 429: "overLimit"
        case 415: "badMediaType"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    private struct FaultKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
