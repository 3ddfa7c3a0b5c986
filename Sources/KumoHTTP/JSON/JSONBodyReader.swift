import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Reads a JSON request body with a size limit, answering the client's mistakes with clear 4xx errors.
///
/// - A body over ``maxSize`` → 413. An empty body → 400. Malformed JSON or a wrong field → 400 naming the field.
/// - A `Content-Type` other than JSON → ``wrongContentTypeStatus``: 415 by default, as Nova and Glance answer;
///   Keystone answers 400 ("Expecting to find application/json in Content-Type header"), hence ``keystone``.
///   No `Content-Type` at all is read as JSON, as Keystone and Nova do.
public struct JSONBodyReader: Sendable {
    /// 1 MiB: OpenStack API bodies are small; image and object bytes stream, they are never decoded.
    public static let defaultMaxSize = 1 << 20

    /// Largest body read, in bytes.
    public var maxSize: Int
    /// The status for a body sent with a non-JSON `Content-Type`.
    public var wrongContentTypeStatus: HTTPResponse.Status
    /// The media type read: `application/json` (and any `…+json`), or a JSON dialect of an API such as
    /// Glance's `application/openstack-images-v2.1-json-patch`, then only that one.
    public var mediaType: String

    public init(
        maxSize: Int = JSONBodyReader.defaultMaxSize,
        wrongContentTypeStatus: HTTPResponse.Status = .unsupportedMediaType,
        mediaType: String = "application/json"
    ) {
        self.maxSize = maxSize
        self.wrongContentTypeStatus = wrongContentTypeStatus
        self.mediaType = mediaType
    }

    /// Keystone's behaviour: a non-JSON `Content-Type` is a 400.
    public static let keystone = JSONBodyReader(wrongContentTypeStatus: .badRequest)

    /// Decodes `type` from the body of `request`.
    /// - Throws: ``APIError`` (400, 413, 415) for what the client got wrong.
    public func decode<Value: Decodable>(
        _ type: Value.Type,
        from request: Request,
        context: some RequestContext
    ) async throws -> Value {
        try checkContentType(request.headers[.contentType])
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxSize {
            throw APIError.contentTooLarge(limit: maxSize)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxSize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.contentTooLarge(limit: maxSize)
        }
        guard body.readableBytes > 0 else {
            throw APIError.badRequest("The request body is empty; a JSON object was expected.")
        }
        let data = Data(body.readableBytesView)
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            context.logger.debug("Rejected request body", metadata: ["error": "\(String(reflecting: error))"])
            if case .dataCorrupted(let detail) = error, detail.codingPath.isEmpty, let problem = syntaxProblem(in: data)
            {
                throw APIError.badRequest("The request body is not valid JSON: \(problem)")
            }
            throw APIError.badRequest(error.publicMessage)
        }
    }

    /// Where the JSON parser tripped ("Invalid value around character 13."): `JSONDecoder` does not say on Linux.
    private func syntaxProblem(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            guard let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !text.isEmpty else {
                return nil
            }
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    private func checkContentType(_ value: String?) throws {
        guard let value, !value.isEmpty else { return }
        let mediaType =
            value.split(separator: ";", maxSplits: 1).first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        if mediaType == self.mediaType || (self.mediaType == "application/json" && mediaType.hasSuffix("+json")) { return }
        let message =
            wrongContentTypeStatus == .badRequest
            ? "Expecting to find \(self.mediaType) in Content-Type header, not '\(mediaType)'."
            : "Unsupported Content-Type '\(mediaType)'; send \(self.mediaType)."
        throw APIError(wrongContentTypeStatus, message)
    }
}

extension Request {
    /// Decodes the JSON body as `type` with `reader`'s limits; see ``JSONBodyReader``.
    public func decodeJSON<Value: Decodable>(
        as type: Value.Type,
        context: some RequestContext,
        reader: JSONBodyReader = JSONBodyReader()
    ) async throws -> Value {
        try await reader.decode(type, from: self, context: context)
    }
}
