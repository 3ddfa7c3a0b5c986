import Foundation
import Synchronization

/// The encoded bodies of token validations, so validating a token again costs a lookup instead of
/// reading names and the catalog from the store and encoding them.
///
/// An entry is only used while the store has not been written since it was made (any write may
/// rename a project or change the catalog); expiry and revocation are checked before the lookup.
final class TokenBodyCache: Sendable {
    struct Key: Hashable {
        var token: String
        var catalog: Bool
    }

    private struct Entry {
        var generation: Int
        var body: Data
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The body cached for `key` at store generation `generation`.
    func body(for key: Key, generation: Int) -> Data? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.generation == generation else { return nil }
            return entry.body
        }
    }

    /// Remembers `body`; a full cache is emptied first, which bounds memory.
    func store(_ body: Data, for key: Key, generation: Int) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(generation: generation, body: body)
        }
    }
}
