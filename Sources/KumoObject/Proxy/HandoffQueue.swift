import KumoRing
import Synchronization

/// Handoff devices shared by the replicas of one request, each handed out once.
final class HandoffQueue: Sendable {
    private let remaining: Mutex<ArraySlice<RingDevice>>

    init(_ devices: some Sequence<RingDevice>) {
        remaining = Mutex(ArraySlice(devices))
    }

    func next() -> RingDevice? {
        remaining.withLock { $0.popFirst() }
    }
}
