/// Turns per-delivery completions into few `basic.ack` frames.
///
/// Deliveries are recorded in tag order; completions may come in any order. The completed run at the
/// front is acknowledged with one `multiple` ack; completions behind an unfinished delivery are
/// acknowledged one by one, so a slow handler never holds back the prefetch window of the others.
struct AckTracker {
    /// Delivered and not yet acknowledged, in tag order.
    private var outstanding: [UInt64] = []
    private var completed: Set<UInt64> = []

    mutating func delivered(_ tag: UInt64) {
        outstanding.append(tag)
    }

    mutating func complete(_ tag: UInt64) {
        completed.insert(tag)
    }

    /// What to acknowledge now: every tag up to `upTo` (multiple), plus `singles`.
    mutating func takeReady() -> (upTo: UInt64?, singles: [UInt64]) {
        guard !completed.isEmpty else { return (nil, []) }
        var upTo: UInt64?
        var front = 0
        while front < outstanding.count, completed.remove(outstanding[front]) != nil {
            upTo = outstanding[front]
            front += 1
        }
        outstanding.removeFirst(front)
        let singles = outstanding.filter { completed.contains($0) }
        if !singles.isEmpty {
            outstanding.removeAll { completed.contains($0) }
        }
        completed = []
        return (upTo, singles)
    }
}
