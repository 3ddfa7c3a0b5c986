import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP access to Kumo's (and OpenStack's) APIs for the CLI, services and tests: JSON requests with a
/// token, error bodies turned into `APIFailure`.
public final class KumoHTTPClient: Sendable {
    /// The underlying client, for streaming requests.
    public let http: HTTPClient
    /// Longest accepted JSON response body.
    static let maxJSONBytes = 64 << 20

    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// Runs `body` with a client and shuts it down afterwards.
    public static func with<T>(_ body: (KumoHTTPClient) async throws -> T) async throws -> T {
        let client = KumoHTTPClient()
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// A response whose whole body was read.
    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: Data

        /// Decodes the body as JSON.
        public func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: body)
        }
    }

    /// Sends a request with an optional JSON (or raw) body and reads the whole response.
    /// - Throws: `APIFailure` for a status of 400 or more; transport errors as they are.
    @discardableResult
    public func send(
        _ method: HTTPMethod, _ url: String, token: String? = nil, headers: [(String, String)] = [],
        json: (any Encodable & Sendable)? = nil, body: Data? = nil, timeout: TimeAmount = .seconds(60)
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "X-Auth-Token", value: token) }
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(json)))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await execute(request, timeout: timeout)
        let body = Data(try await response.body.collect(upTo: Self.maxJSONBytes).readableBytesView)
        return Response(status: Int(response.status.code), headers: response.headers, body: body)
    }

    /// Sends a request as it is (its body possibly streamed) and returns the response with its body
    /// unread, for the caller to stream. `timeout` runs until the response head arrives.
    /// - Throws: `APIFailure` for a status of 400 or more; transport errors as they are.
    public func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        let response = try await http.execute(request, timeout: timeout)
        let status = Int(response.status.code)
        guard status < 400 else {
            let buffer = try? await response.body.collect(upTo: Self.maxJSONBytes)
            let body = buffer.map { Data($0.readableBytesView) } ?? Data()
            throw APIFailure(
                status: status, message: APIFailure.message(from: body) ?? response.status.reasonPhrase,
                request: "\(request.method.rawValue) \(request.url)")
        }
        return response
    }

    /// Sends a request and decodes its JSON answer.
    public func json<T: Decodable>(
        _ type: T.Type, _ method: HTTPMethod = .GET, _ url: String, token: String? = nil,
        json: (any Encodable & Sendable)? = nil
    ) async throws -> T {
        try await send(method, url, token: token, json: json).decode(type)
    }
}
