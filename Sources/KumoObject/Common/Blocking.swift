import NIOPosix

/// Runs blocking file work (reads, writes, fsync, SQLite) on NIO's thread pool, off the event loops
/// and the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
