import Foundation
import KumoClient
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

@testable import KumoCLI

/// A small HTTP server on 127.0.0.1 for unit tests of API clients: answers each request with what
/// `answer` returns and records the requests.
final class StubHTTPServer: Sendable {
    /// A request as the server received it.
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: HTTPHeaders
        var body: String

        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
    }

    typealias Answer = @Sendable (Request) -> (status: Int, body: String)

    private let recorded = Mutex<[Request]>([])
    let port: Int

    private init(port: Int) {
        self.port = port
    }

    var requests: [Request] { recorded.withLock { $0 } }

    /// Runs `body` with a server answering by `answer`; the server closes when `body` returns.
    static func with<T>(answer: @escaping Answer, _ body: (StubHTTPServer) async throws -> T) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let server = StubHTTPServer(port: channel.channel.localAddress?.port ?? 0)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await channel.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask { try? await server.serve(connection, answer) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            let result = try await body(server)
            try await channel.channel.close()
            return result
        }
    }

    private func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, _ answer: Answer
    ) async throws {
        try await connection.executeThenClose { parts, writer in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in parts {
                switch part {
                case .head(let requestHead): (head, body) = (requestHead, ByteBuffer())
                case .body(var chunk): body.writeBuffer(&chunk)
                case .end:
                    guard let head else { continue }
                    let request = Request(
                        method: head.method.rawValue, uri: head.uri, headers: head.headers, body: String(buffer: body))
                    recorded.withLock { $0.append(request) }
                    let (status, text) = answer(request)
                    var headers = HTTPHeaders([("Content-Length", "\(text.utf8.count)")])
                    if !text.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
                    let responseHead = HTTPResponseHead(
                        version: head.version, status: .init(statusCode: status), headers: headers)
                    try await writer.write(.head(responseHead))
                    try await writer.write(.body(.byteBuffer(ByteBuffer(string: text))))
                    try await writer.write(.end(nil))
                }
            }
        }
    }

    /// Runs `body` with a client signed in to a cloud whose catalog points `compute` (at `/v2.1`) and
    /// `image` to this server.
    func withCloud<T>(_ body: (CloudClient) async throws -> T) async throws -> T {
        let root = "http://127.0.0.1:\(port)"
        let session = try JSONDecoder().decode(
            IdentitySession.self,
            from: Data(
                """
                {"token": "tok", "expiresAt": 4000000000, "userID": "u1", "userName": "demo", "roles": ["member"],
                 "catalog": [
                   {"type": "compute", "name": "nova", "endpoints": [{"interface": "public", "url": "\(root)/v2.1"}]},
                   {"type": "image", "name": "glance", "endpoints": [{"interface": "public", "url": "\(root)"}]}]}
                """.utf8))
        return try await KumoHTTPClient.with { http in
            try await body(CloudClient(http: http, auth: AuthOptions(authURL: "\(root)/v3"), session: session))
        }
    }
}
