import Foundation
import Synchronization

/// Unique message and correlation ids: a random per-bus prefix and a counter, so the hot path
/// needs neither the random source nor UUID formatting.
final class MessageIDs: Sendable {
    private let prefix = UUID().uuidString.lowercased() + "."
    private let counter = Atomic<UInt64>(0)

    func next() -> String {
        prefix + String(counter.wrappingAdd(1, ordering: .relaxed).newValue)
    }
}
