/// Runs `work` to its end even when the calling task is cancelled: a client that went away must not
/// stop the clean-up of what its request left behind.
func uncancelled<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await work() }.value
}
