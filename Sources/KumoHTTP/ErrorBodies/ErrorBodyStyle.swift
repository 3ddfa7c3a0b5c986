import Foundation
import HTTPTypes
import Hummingbird

/// How an API spells its error bodies; set once per service.
public enum ErrorBodyStyle: Sendable {
    /// Keystone: `{"error": {"code": 404, "title": "Not Found", "message": "…"}}`.
    case keystone
    /// Nova (and Glance, Cinder): `{"itemNotFound": {"code": 404, "message": "…"}}`, names from nova's `Fault`.
    case nova
    /// Neutron: `{"NeutronError": {"type": "HTTPNotFound", "message": "…", "detail": ""}}`.
    case neutron
    /// Swift: the message as a `text/plain` body.
    case plain

    /// The error response for `status` with a message safe to show.
    public func response(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) -> Response {
        let contentType: String
        let body: Data
        switch self {
        case .keystone:
            contentType = "application/json"
            body = Self.encode(KeystoneErrorBody(status: status, message: message))
        case .nova:
            contentType = "application/json"
            body = Self.encode(NovaFaultBody(status: status, message: message))
        case .neutron:
            contentType = "application/json"
            body = Self.encode(NeutronErrorBody(status: status, message: message))
        case .plain:
            contentType = "text/plain; charset=utf-8"
            body = Data(message.utf8)
        }
        var fields = headers
        fields[.contentType] = contentType
        fields[.contentLength] = String(body.count)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Bodies of strings and integers always encode.
        return (try? encoder.encode(value)) ?? Data()
    }
}
