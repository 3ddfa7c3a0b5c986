import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The body of an `AMQPConnection`'s I/O thread: polls the broker socket and the wake-up pipe, runs
/// commands, dispatches frames, enforces deadlines and reconnects.
///
/// Everything here is touched only on that thread.
final class IOLoop {
    static let topicExchange = "kumo"

    static func fanoutExchange(_ group: String) -> String { "kumo.fanout.\(group)" }

    private let connection: AMQPConnection
    private var logger: Logger { connection.logger }
    private var machine = ReconnectStateMachine()
    private var session: AMQPSession?
    /// Bumped at every new session: delivery tags of an older one must not be acked.
    private var generation = 0
    private var running = true
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    /// Messages waiting for a connection.
    private var outbox: [OutboundMessage] = []
    /// Calls published and waiting for their reply, by correlation id.
    private var pendingCalls: [String: OutboundMessage] = [:]
    /// Durable casts published and waiting for the broker's confirm, by publish sequence number.
    private var unconfirmed: [UInt64: OutboundMessage] = [:]
    private var lastConfirmTag: UInt64 = 0
    private var subscriptions: [Int: SubscriptionSpec] = [:]
    /// Consumer tag → subscription id, for the current session.
    private var consumers: [String: Int] = [:]
    private var replyConsumerTag: String?
    private var declaredExchanges: Set<String> = []
    private var acks = AckTracker()
    private var wakeAt: ContinuousClock.Instant?

    init(connection: AMQPConnection) {
        self.connection = connection
    }

    func run() {
        Thread.current.name = "kumo-amqp"
        if machine.start() == .connect { connect() }
        while running {
            waitForWork()
            let commands = connection.takeCommands()
            if commands.count > 1, let session {
                session.corked {
                    commands.forEach(execute)
                    flushAcks()
                }
            } else {
                commands.forEach(execute)
                flushAcks()
            }
            readFrames()
            let now = ContinuousClock.now
            expire(now: now)
            if machine.tick(now: now) == .connect { connect() }
        }
        finish()
    }

    // MARK: Polling

    private func waitForWork() {
        if let session, session.hasBufferedData { return }
        guard connection.prepareToSleep() else { return }
        var timeout = Duration.seconds(1)
        if connection.settings.heartbeatSeconds > 0 {
            timeout = min(timeout, .milliseconds(connection.settings.heartbeatSeconds * 250))
        }
        if let earliest = earliestDeadline() {
            timeout = min(timeout, max(.zero, earliest - .now))
        }
        if case .waiting(let until, _) = machine.state {
            timeout = min(timeout, max(.zero, until - .now))
        }
        var fds = [pollfd(fd: connection.pollFD, events: Int16(POLLIN), revents: 0)]
        if let session {
            fds.append(pollfd(fd: session.socketFD, events: Int16(POLLIN), revents: 0))
        }
        let milliseconds = Int32(clamping: timeout.milliseconds + (timeout > .zero ? 1 : 0))
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
        if fds[0].revents & Int16(POLLIN) != 0 { connection.drainWakeups() }
    }

    private func earliestDeadline() -> ContinuousClock.Instant? {
        var earliest: ContinuousClock.Instant?
        func consider(_ deadline: ContinuousClock.Instant) {
            if earliest == nil || deadline < earliest! { earliest = deadline }
        }
        pendingCalls.values.forEach { consider($0.deadline) }
        unconfirmed.values.forEach { consider($0.deadline) }
        outbox.forEach { consider($0.deadline) }
        return earliest
    }

    // MARK: Commands

    private func execute(_ command: IOCommand) {
        switch command {
        case .publish(let message):
            if session != nil { send(message) } else { outbox.append(message) }
        case .subscribe(let spec):
            subscriptions[spec.id] = spec
            if let session { attempt { try declare(spec, on: session) } }
        case .unsubscribe(let id):
            guard let spec = subscriptions.removeValue(forKey: id) else { return }
            spec.deliveries.finish()
            if let session, let tag = consumers.first(where: { $0.value == id })?.key {
                consumers[tag] = nil
                attempt { try session.cancel(consumerTag: tag) }
            }
        case .ack(let ackGeneration, let deliveryTag):
            if ackGeneration == generation { acks.complete(deliveryTag) }
        case .abandon(let correlationID):
            if let call = pendingCalls.removeValue(forKey: correlationID) {
                call.fail(CancellationError())
            } else if let index = outbox.firstIndex(where: { $0.correlationID == correlationID }) {
                outbox.remove(at: index).fail(CancellationError())
            }
        case .shutdown(let done):
            running = false
            shutdownWaiters.append(done)
        }
    }

    private func send(_ message: OutboundMessage) {
        guard let session else {
            outbox.append(message)
            return
        }
        attempt {
            if !declaredExchanges.contains(message.exchange) {
                try session.declareExchange(message.exchange, type: "fanout")
                declaredExchanges.insert(message.exchange)
            }
            switch message.completion {
            case .reply:
                pendingCalls[message.correlationID ?? message.messageID] = message
                try session.publish(message, on: AMQPSession.mainChannel)
            case .confirm:
                lastConfirmTag += 1
                unconfirmed[lastConfirmTag] = message
                try session.publish(message, on: AMQPSession.confirmChannel)
            case .none:
                try session.publish(message, on: AMQPSession.mainChannel)
            }
        }
    }

    private func declare(_ spec: SubscriptionSpec, on session: AMQPSession) throws {
        let queue: String
        switch spec.binding {
        case .topic(let topic):
            queue = try session.declareQueue(topic, durable: true, exclusive: false)
            try session.bind(queue: queue, exchange: Self.topicExchange, routingKey: topic)
        case .fanout(let group):
            let exchange = Self.fanoutExchange(group)
            if !declaredExchanges.contains(exchange) {
                try session.declareExchange(exchange, type: "fanout")
                declaredExchanges.insert(exchange)
            }
            queue = try session.declareQueue("", durable: false, exclusive: true)
            try session.bind(queue: queue, exchange: exchange, routingKey: "")
        }
        consumers[try session.consume(queue: queue, noAck: false)] = spec.id
    }

    /// Sends the acknowledgements handlers completed since the last flush: one `multiple` ack for
    /// the run completed in delivery order, single acks for the rest.
    private func flushAcks() {
        guard let session else { return }
        let (upTo, singles) = acks.takeReady()
        attempt {
            if let upTo { try session.ack(deliveryTag: upTo, multiple: true) }
            for tag in singles { try session.ack(deliveryTag: tag, multiple: false) }
        }
    }

    // MARK: Frames

    private func readFrames() {
        guard let session else { return }
        attempt {
            for _ in 0..<512 {
                guard let frame = try session.nextFrame() else { break }
                try handle(frame)
            }
        }
        self.session?.releaseBuffers()
    }

    private func handle(_ frame: InboundFrame) throws {
        switch frame {
        case .deliver(let consumerTag, let deliveryTag, let redelivered, let message):
            if consumerTag == replyConsumerTag {
                guard let correlationID = message.correlationID,
                    let call = pendingCalls.removeValue(forKey: correlationID),
                    case .reply(let continuation, _) = call.completion
                else { return }  // a late reply to a call that already timed out
                continuation.resume(returning: message.body)
            } else if let id = consumers[consumerTag], let spec = subscriptions[id] {
                acks.delivered(deliveryTag)
                spec.deliveries.yield(
                    Delivery(
                        body: message.body, messageID: message.messageID, correlationID: message.correlationID,
                        replyTo: message.replyTo, redelivered: redelivered, deliveryTag: deliveryTag,
                        generation: generation))
            }
        case .confirm(let deliveryTag, let multiple, let accepted):
            let tags = multiple ? unconfirmed.keys.filter { $0 <= deliveryTag } : [deliveryTag]
            for tag in tags {
                guard let cast = unconfirmed.removeValue(forKey: tag), case .confirm(let continuation) = cast.completion
                else { continue }
                if accepted {
                    continuation.resume()
                } else {
                    continuation.resume(throwing: BusError.rejected(topic: cast.topic, method: cast.method))
                }
            }
        case .returned(_, let message):
            if let correlationID = message.correlationID, let call = pendingCalls.removeValue(forKey: correlationID) {
                call.fail(BusError.noRoute(topic: call.topic, method: call.method))
            } else if let tag = unconfirmed.first(where: { $0.value.messageID == message.messageID })?.key,
                let cast = unconfirmed.removeValue(forKey: tag)
            {
                cast.fail(BusError.noRoute(topic: cast.topic, method: cast.method))
            }
        case .closed(let reason):
            throw AMQPFailure(operation: "broker", detail: reason)
        case .other:
            break
        }
    }

    // MARK: Deadlines

    private func expire(now: ContinuousClock.Instant) {
        for (id, call) in pendingCalls where call.deadline <= now {
            pendingCalls[id] = nil
            call.fail(call.timeoutError)
        }
        for (tag, cast) in unconfirmed where cast.deadline <= now {
            unconfirmed[tag] = nil
            cast.fail(cast.timeoutError)
        }
        if outbox.contains(where: { $0.deadline <= now }) {
            outbox.removeAll { message in
                guard message.deadline <= now else { return false }
                message.fail(message.timeoutError)
                return true
            }
        }
    }

    // MARK: Connection lifecycle

    /// Runs a rabbitmq-c operation; a failure means the session is unusable.
    private func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            lost(error)
        }
    }

    private func connect() {
        do {
            let session = try AMQPSession(settings: connection.settings)
            generation += 1
            lastConfirmTag = 0
            acks = AckTracker()
            consumers = [:]
            try session.declareExchange(Self.topicExchange, type: "topic")
            declaredExchanges = ["", Self.topicExchange]  // "" is the default exchange replies go through
            replyConsumerTag = try session.consume(queue: AMQPSession.directReplyTo, noAck: true)
            for spec in subscriptions.values.sorted(by: { $0.id < $1.id }) {
                try declare(spec, on: session)
            }
            self.session = session
        } catch {
            logger.debug("cannot connect to the broker", metadata: ["error": "\(error)"])
            connection.report(connected: false, failure: "\(error)")
            if case .wait = machine.connectFailed(now: .now) {}
            return
        }
        _ = machine.connectSucceeded()
        connection.report(connected: true, failure: nil)
        logger.info(
            "connected to the broker",
            metadata: ["broker": "\(connection.settings.host):\(connection.settings.port)", "generation": "\(generation)"])
        let waiting = outbox
        outbox = []
        waiting.forEach(send)
    }

    /// The session died: fail or requeue what was in flight, then reconnect.
    private func lost(_ error: any Error) {
        guard let dead = session else { return }
        logger.warning("lost the broker connection", metadata: ["error": "\(error)"])
        session = nil
        dead.close()
        connection.report(connected: false, failure: "\(error)")
        guard machine.connectionLost() == .recover else { return }
        var requeue: [OutboundMessage] = []
        for call in pendingCalls.values {
            if case .reply(_, idempotent: true) = call.completion {
                requeue.append(call)
            } else {
                call.fail(BusError.connectionLost(topic: call.topic, method: call.method))
            }
        }
        pendingCalls = [:]
        // Unconfirmed casts are sent again with the same message id; consumers drop duplicates.
        requeue += unconfirmed.sorted { $0.key < $1.key }.map(\.value)
        unconfirmed = [:]
        outbox = requeue + outbox
        connect()
    }

    private func finish() {
        for command in connection.takeCommands(close: true) {
            if case .shutdown(let done) = command { shutdownWaiters.append(done) } else { AMQPConnection.reject(command) }
        }
        for message in Array(pendingCalls.values) + Array(unconfirmed.values) + outbox {
            message.fail(BusError.shutdown)
        }
        pendingCalls = [:]
        unconfirmed = [:]
        outbox = []
        subscriptions.values.forEach { $0.deliveries.finish() }
        subscriptions = [:]
        machine.close()
        session?.close()
        session = nil
        shutdownWaiters.forEach { $0.resume() }
    }
}
