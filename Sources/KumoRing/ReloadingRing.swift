import Synchronization

/// The ring in a ring file, picked up again whenever the file is replaced.
///
/// Thread-safe. `current` looks at the file at most once per `checkInterval` (by the injected
/// clock): when its inode, size or modification time changed it loads it and switches to the new
/// ring if it differs. A missing or corrupt file keeps the ring already loaded and is reported to
/// `onError` once per state of the file; the next good file is picked up as usual.
public final class ReloadingRing: Sendable {
    public let path: String
    public let secret: HashPathSecret
    public let checkInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let onError: @Sendable (RingError) -> Void
    private let state: Mutex<State>

    private struct State {
        var ring: Ring
        var seen: Observation
        var lastCheck: ContinuousClock.Instant
        var isChecking = false
    }

    /// What the file looked like when last looked at.
    private enum Observation: Equatable {
        case file(FileSignature)
        case missing
    }

    /// Loads the ring file, which must exist and be valid.
    public init(
        path: String, secret: HashPathSecret, checkInterval: Duration = .seconds(15),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        onError: @escaping @Sendable (RingError) -> Void = { _ in }
    ) throws(RingError) {
        let (bytes, signature) = try FileIO.contents(of: path)
        let ring = try Ring(decoding: bytes, secret: secret, path: path)
        self.path = path
        self.secret = secret
        self.checkInterval = checkInterval
        self.now = now
        self.onError = onError
        state = Mutex(State(ring: ring, seen: .file(signature), lastCheck: now()))
    }

    /// The ring to use now, after checking the file if `checkInterval` has passed since the last check.
    public var current: Ring {
        let instant = now()
        let isDue = state.withLock { state in
            guard !state.isChecking, instant - state.lastCheck >= checkInterval else { return false }
            state.isChecking = true
            state.lastCheck = instant
            return true
        }
        if isDue {
            do {
                try check(force: false)
            } catch {
                onError(error)
            }
            state.withLock { $0.isChecking = false }
        }
        return state.withLock { $0.ring }
    }

    /// Checks the file now, whatever the interval, and loads it even if it looks unchanged;
    /// returns whether the ring changed. Errors are thrown (not reported) and keep the current ring.
    @discardableResult
    public func reload() throws(RingError) -> Bool {
        try check(force: true)
    }

    @discardableResult
    private func check(force: Bool) throws(RingError) -> Bool {
        let signature: FileSignature
        do {
            signature = try FileIO.signature(of: path)
        } catch {
            let isNews = state.withLock { state in
                defer { state.seen = .missing }
                return state.seen != .missing
            }
            if isNews || force { throw error }
            return false
        }
        if !force, state.withLock({ $0.seen == .file(signature) }) { return false }
        let (bytes, readSignature): ([UInt8], FileSignature)
        do {
            (bytes, readSignature) = try FileIO.contents(of: path)
        } catch {
            state.withLock { $0.seen = .missing }
            throw error
        }
        state.withLock { $0.seen = .file(readSignature) }
        let ring = try Ring(decoding: bytes, secret: secret, path: path)
        return state.withLock { state in
            guard ring != state.ring else { return false }
            state.ring = ring
            return true
        }
    }
}
