import AsyncHTTPClient
import NIOCore

/// The HTTP client of the proxy and the storage nodes for talking to storage nodes: a node that
/// is down fails at once (no connection retries, 1 s to connect), so the caller moves on to a
/// handoff or the next replica instead of waiting out a whole timeout.
enum StorageHTTPClient {
    static func make() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(1))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
