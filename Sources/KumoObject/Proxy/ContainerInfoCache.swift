import Foundation
import Synchronization

/// What the proxy knows of a container for object requests: that it exists and its ACLs, cached
/// for a few seconds (dropped at once when this proxy changes the container).
final class ContainerInfoCache: Sendable {
    struct Info: Sendable {
        var read: ContainerACL
        var write: ContainerACL
    }

    private let entries = Mutex<[String: (info: Info?, at: ContinuousClock.Instant)]>([:])
    let lifetime: Duration

    init(lifetime: Duration = .seconds(5)) {
        self.lifetime = lifetime
    }

    /// The cached answer for `path`: `.some(nil)` is a cached "does not exist".
    func lookup(_ path: String) -> Info?? {
        entries.withLock { entries in
            guard let entry = entries[path], ContinuousClock.now - entry.at < lifetime else { return nil }
            return .some(entry.info)
        }
    }

    func store(_ info: Info?, for path: String) {
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[path] = (info, .now)
        }
    }

    func invalidate(_ path: String) {
        _ = entries.withLock { $0.removeValue(forKey: path) }
    }
}
