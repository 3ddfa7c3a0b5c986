import Foundation
import HTTPTypes
import Hummingbird

/// A JSON body with a status, for handlers: `return JSONResponse(["project": project], status: .created)`.
///
/// Encodes with `Content-Type: application/json`, dates in ISO 8601 and slashes unescaped (links stay readable).
public struct JSONResponse<Value: Encodable>: ResponseGenerator {
    public var value: Value
    public var status: HTTPResponse.Status
    public var headers: HTTPFields

    public init(_ value: Value, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.value = value
        self.status = status
        self.headers = headers
    }

    /// `value` encoded as the response body would be.
    public static func encode(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try Self.encode(value)
        var fields = headers
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(data.count)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
