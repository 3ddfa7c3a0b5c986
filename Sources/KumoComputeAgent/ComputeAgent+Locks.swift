extension ComputeAgent {
    /// Runs `body` once no other operation on `uuid` runs: a build, an action, a power-state sync or a
    /// reconciliation waits for the one before it on the same instance, as Nova's compute manager does.
    func locked<T: Sendable>(_ uuid: String, _ body: () async throws -> T) async throws -> T {
        if busy[uuid] == nil {
            busy[uuid] = []
        } else {
            await withCheckedContinuation { busy[uuid, default: []].append($0) }
        }
        defer { unlock(uuid) }
        return try await body()
    }

    private func unlock(_ uuid: String) {
        guard var queue = busy[uuid], !queue.isEmpty else {
            busy[uuid] = nil
            return
        }
        queue.removeFirst().resume()
        busy[uuid] = queue
    }
}
