import ServiceLifecycle

/// Runs `work` at once, then again `interval` after each run ends, until graceful shutdown.
public struct Periodic: Service {
    let interval: Duration
    let work: @Sendable () async -> Void

    public init(interval: Duration, work: @escaping @Sendable () async -> Void) {
        self.interval = interval
        self.work = work
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await work()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
