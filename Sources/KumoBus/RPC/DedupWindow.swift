/// Remembers the last `capacity` message ids, so a message delivered twice (re-sent after a lost
/// confirm, or redelivered after a reconnection) is handled once.
struct DedupWindow {
    private var seen: Set<String> = []
    private var order: [String] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int = 16_384) {
        precondition(capacity > 0, "a dedup window needs room for one id")
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    /// Records `id`; returns false when it was already there.
    mutating func insert(_ id: String) -> Bool {
        guard seen.insert(id).inserted else { return false }
        if order.count < capacity {
            order.append(id)
        } else {
            seen.remove(order[next])
            order[next] = id
            next = (next + 1) % capacity
        }
        return true
    }
}
