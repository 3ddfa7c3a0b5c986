import Foundation
import Logging
import Synchronization

/// One broker connection, owned by a dedicated I/O thread and driven by commands from any task.
///
/// rabbitmq-c connections are not thread-safe, so every `amqp_*` call happens on the thread this type
/// starts; callers enqueue `IOCommand`s and wake it through a pipe. Continuations in the commands are
/// resumed exactly once, by the I/O thread (or here, at once, when the connection is already closed).
final class AMQPConnection: Sendable {
    private struct Inbox {
        var commands: [IOCommand] = []
        var closed = false
        var started = false
        var connected = false
        /// Sessions opened so far: 1 after the first connection, more after reconnections.
        var sessions = 0
        /// The I/O thread is (about to be) blocked in `poll` and needs the pipe to wake up.
        var pollerAsleep = false
        var lastFailure: String?
    }

    let settings: BusSettings
    let logger: Logger
    private let inbox = Mutex(Inbox())
    private let wakeup = Wakeup()
    private let lastSubscriptionID = Atomic<Int>(0)

    init(settings: BusSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Starts the I/O thread; it connects (and keeps reconnecting) in the background.
    func start() {
        let shouldStart = inbox.withLock { inbox in
            guard !inbox.started, !inbox.closed else { return false }
            inbox.started = true
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in
            IOLoop(connection: self).run()
        }
        thread.start()
    }

    func nextSubscriptionID() -> Int {
        lastSubscriptionID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Hands a command to the I/O thread; a closed connection fails it at once.
    func enqueue(_ command: IOCommand) {
        let (accepted, wake) = inbox.withLock { inbox in
            guard !inbox.closed else { return (false, false) }
            inbox.commands.append(command)
            defer { inbox.pollerAsleep = false }
            return (true, inbox.pollerAsleep)
        }
        if !accepted {
            Self.reject(command)
        } else if wake {
            wakeup.signal()  // one write per sleep, not per command
        }
    }

    /// Stops the I/O thread after failing everything in flight with `BusError.shutdown`.
    func shutdown() async {
        let started = inbox.withLock { $0.started && !$0.closed }
        guard started else {
            let pending = inbox.withLock { inbox in
                inbox.closed = true
                defer { inbox.commands = [] }
                return inbox.commands
            }
            pending.forEach(Self.reject)
            return
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            enqueue(.shutdown(done))
        }
    }

    /// Whether a session is open, and why the last attempt failed.
    var status: (connected: Bool, sessions: Int, lastFailure: String?) {
        inbox.withLock { ($0.connected, $0.sessions, $0.lastFailure) }
    }

    // MARK: Used by the I/O thread

    func report(connected: Bool, failure: String?) {
        inbox.withLock { inbox in
            if connected, !inbox.connected { inbox.sessions += 1 }
            inbox.connected = connected
            if let failure { inbox.lastFailure = failure }
        }
    }

    var pollFD: Int32 { wakeup.readFD }

    /// Called by the I/O thread before it polls: false when commands are already waiting.
    func prepareToSleep() -> Bool {
        inbox.withLock { inbox in
            inbox.pollerAsleep = inbox.commands.isEmpty
            return inbox.pollerAsleep
        }
    }

    /// Clears the wake-up pipe after `poll` reported it readable.
    func drainWakeups() {
        wakeup.drain()
    }

    /// Takes the queued commands; with `close`, also refuses every later one.
    func takeCommands(close: Bool = false) -> [IOCommand] {
        inbox.withLock { inbox in
            inbox.pollerAsleep = false
            if close { inbox.closed = true }
            defer { inbox.commands = [] }
            return inbox.commands
        }
    }

    /// Fails a command that can no longer run.
    static func reject(_ command: IOCommand) {
        switch command {
        case .publish(let message): message.fail(BusError.shutdown)
        case .subscribe(let spec): spec.deliveries.finish()
        case .shutdown(let done): done.resume()
        case .unsubscribe, .ack, .abandon: break
        }
    }
}

extension OutboundMessage {
    /// Resumes whoever waits for this message with `error`.
    func fail(_ error: any Error) {
        switch completion {
        case .reply(let continuation, _): continuation.resume(throwing: error)
        case .confirm(let continuation): continuation.resume(throwing: error)
        case .none: break
        }
    }

    /// The error a caller sees when the deadline passes.
    var timeoutError: BusError {
        switch completion {
        case .reply: .timeout(topic: topic, method: method, after: timeout)
        case .confirm, .none: .unconfirmed(topic: topic, method: method)
        }
    }
}
