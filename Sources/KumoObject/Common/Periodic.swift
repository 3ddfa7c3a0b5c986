import ServiceLifecycle

/// Runs `work` at once, then again `interval` after each run ends, until graceful shutdown.
struct Periodic: Service {
    let interval: Duration
    let work: @Sendable () async -> Void

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await work()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
