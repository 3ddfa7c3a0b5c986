/// Decides when the I/O thread (re)connects to the broker; pure, so its rules are tested without a broker.
///
/// `idle → connecting → connected`; a failed attempt waits with exponential backoff (capped) before the
/// next; a lost connection reconnects at once; `closed` is final.
struct ReconnectStateMachine {
    enum State: Equatable {
        case idle
        case connecting(attempt: Int)
        case connected
        case waiting(until: ContinuousClock.Instant, attempt: Int)
        case closed
    }

    enum Action: Equatable {
        /// Open a connection now.
        case connect
        /// Sleep until the instant, then call `tick`.
        case wait(until: ContinuousClock.Instant)
        /// Fail or requeue in-flight work, then connect at once.
        case recover
        /// Re-declare consumers and flush the outbox.
        case resume
        case none
    }

    private(set) var state: State = .idle
    let initialBackoff: Duration
    let maximumBackoff: Duration

    init(initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(2)) {
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    mutating func start() -> Action {
        guard case .idle = state else { return .none }
        state = .connecting(attempt: 0)
        return .connect
    }

    mutating func connectSucceeded() -> Action {
        guard case .connecting = state else { return .none }
        state = .connected
        return .resume
    }

    mutating func connectFailed(now: ContinuousClock.Instant) -> Action {
        guard case .connecting(let attempt) = state else { return .none }
        let until = now + backoff(afterAttempt: attempt)
        state = .waiting(until: until, attempt: attempt + 1)
        return .wait(until: until)
    }

    mutating func connectionLost() -> Action {
        guard case .connected = state else { return .none }
        state = .connecting(attempt: 0)
        return .recover
    }

    mutating func tick(now: ContinuousClock.Instant) -> Action {
        guard case .waiting(let until, let attempt) = state, now >= until else { return .none }
        state = .connecting(attempt: attempt)
        return .connect
    }

    mutating func close() {
        state = .closed
    }

    /// 100 ms, 200 ms, 400 ms … capped at the maximum.
    func backoff(afterAttempt attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 0..<min(attempt, 16) where delay < maximumBackoff { delay *= 2 }
        return min(delay, maximumBackoff)
    }
}
