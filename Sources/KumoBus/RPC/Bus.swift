import Foundation
import KumoCore
import Logging
import ServiceLifecycle

/// Kumo's message bus: typed RPC `call`, `cast` and `fanout` over AMQP (RabbitMQ, through rabbitmq-c).
///
/// Topics map to durable queues on the `kumo` topic exchange (`scheduler`, `compute.host2`); a group
/// maps to the fanout exchange `kumo.fanout.<group>`. The bus reconnects by itself: calls in flight fail
/// with `BusError.connectionLost` (idempotent ones are sent again), durable casts are confirmed by the
/// broker and re-sent until they are, and consumers drop the duplicates by message id.
///
/// As a `Service` it connects when run and closes at graceful shutdown; outside a service group use
/// `start()` and `shutdown()`.
public final class Bus: Sendable, Service {
    public let settings: BusSettings
    let connection: AMQPConnection
    private let messageIDs = MessageIDs()

    public init(settings: BusSettings, logger: Logger) {
        self.settings = settings
        self.connection = AMQPConnection(settings: settings, logger: logger)
    }

    /// Starts the I/O thread; operations issued before the broker answers wait for it (to their deadline).
    public func start() {
        connection.start()
    }

    /// Fails whatever is in flight with `BusError.shutdown` and closes the connection.
    public func shutdown() async {
        await connection.shutdown()
    }

    /// Runs `body` with a started bus and shuts it down afterwards, whatever `body` does.
    public static func connected<T>(
        settings: BusSettings, logger: Logger, _ body: (Bus) async throws -> T
    ) async throws -> T {
        let bus = Bus(settings: settings, logger: logger)
        bus.start()
        do {
            let result = try await body(bus)
            await bus.shutdown()
            return result
        } catch {
            await bus.shutdown()
            throw error
        }
    }

    /// How many broker sessions this bus has opened: more than one means it reconnected.
    public var sessionCount: Int { connection.status.sessions }

    /// Waits until the broker connection is open; for clients that should fail fast when it is not.
    /// - Throws: `BusError.unreachable` with the last connection error after `timeout`.
    public func waitUntilConnected(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !connection.status.connected {
            guard ContinuousClock.now < deadline else {
                throw BusError.unreachable(
                    broker: "\(settings.host):\(settings.port)", reason: connection.status.lastFailure ?? "no answer")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    public func run() async throws {
        start()
        try? await gracefulShutdown()
        await shutdown()
    }

    // MARK: Sending

    /// Sends a request to one consumer of `topic` and waits for its reply.
    ///
    /// - Parameter idempotent: the call may be sent again after a reconnection instead of failing.
    /// - Throws: `BusError.timeout` naming topic and method when nobody answers in time,
    ///   `BusError.noRoute` at once when no queue is bound to the topic, `RemoteError` from the handler.
    public func call<Arguments, Result>(
        _ method: RPCMethod<Arguments, Result>, _ arguments: Arguments, topic: String,
        context: OperationContext = .system(), timeout: Duration? = nil, idempotent: Bool = false
    ) async throws -> Result {
        let timeout = timeout ?? settings.callTimeout
        let body = try EnvelopeCoding.encode(
            RequestEnvelope(method: method.name, version: method.version, context: context, args: arguments))
        let correlationID = messageIDs.next()
        let reply = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
                connection.enqueue(
                    .publish(
                        OutboundMessage(
                            exchange: IOLoop.topicExchange, routingKey: topic, body: body, messageID: correlationID,
                            correlationID: correlationID, replyTo: AMQPSession.directReplyTo, persistent: false,
                            mandatory: true, expirationMilliseconds: Int(timeout.milliseconds),
                            deadline: .now + timeout, timeout: timeout, topic: topic, method: method.name,
                            completion: .reply(continuation, idempotent: idempotent))))
            }
        } onCancel: {
            connection.enqueue(.abandon(correlationID: correlationID))
        }
        let envelope = try EnvelopeCoding.decode(ReplyEnvelope<Result>.self, from: reply)
        if let error = envelope.error {
            throw RemoteError(kind: error.kind, statusCode: error.status, publicMessage: error.message)
        }
        guard let result = envelope.result else { throw BusError.badMessage("reply to \(method.name) has no result") }
        return result
    }

    /// Sends a one-way message to one consumer of `topic`.
    ///
    /// A durable cast is persistent and returns once the broker has confirmed it (re-sent across
    /// reconnections, so it is never silently lost); a transient one returns once handed to the I/O thread.
    /// - Throws: `BusError.noRoute` when no queue is bound to the topic, `BusError.unconfirmed` when the
    ///   broker did not confirm it within the cast timeout.
    public func cast<Arguments, Result>(
        _ method: RPCMethod<Arguments, Result>, _ arguments: Arguments, topic: String,
        context: OperationContext = .system(), durable: Bool = true
    ) async throws {
        let body = try EnvelopeCoding.encode(
            RequestEnvelope(method: method.name, version: method.version, context: context, args: arguments))
        try await publish(
            exchange: IOLoop.topicExchange, routingKey: topic, body: body, topic: topic, method: method.name,
            durable: durable)
    }

    /// Sends a one-way message to every current member of `group` (transient: members that are away miss it).
    public func fanout<Arguments, Result>(
        _ method: RPCMethod<Arguments, Result>, _ arguments: Arguments, group: String,
        context: OperationContext = .system()
    ) async throws {
        let body = try EnvelopeCoding.encode(
            RequestEnvelope(method: method.name, version: method.version, context: context, args: arguments))
        try await publish(
            exchange: IOLoop.fanoutExchange(group), routingKey: "", body: body, topic: "fanout:\(group)",
            method: method.name, durable: false)
    }

    private func publish(
        exchange: String, routingKey: String, body: [UInt8], topic: String, method: String, durable: Bool
    ) async throws {
        let timeout = settings.castTimeout
        func message(_ completion: OutboundMessage.Completion) -> OutboundMessage {
            OutboundMessage(
                exchange: exchange, routingKey: routingKey, body: body, messageID: messageIDs.next(),
                correlationID: nil, replyTo: nil, persistent: durable, mandatory: durable,
                expirationMilliseconds: nil, deadline: .now + timeout, timeout: timeout, topic: topic, method: method,
                completion: completion)
        }
        if durable {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                connection.enqueue(.publish(message(.confirm(continuation))))
            }
        } else {
            connection.enqueue(.publish(message(.none)))
        }
    }

    // MARK: Receiving

    /// Starts consuming `binding`; deliveries must be acknowledged with `acknowledge(_:)`.
    public func subscribe(_ binding: Binding) -> BusSubscription {
        let id = connection.nextSubscriptionID()
        let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
        continuation.onTermination = { [connection] _ in connection.enqueue(.unsubscribe(id: id)) }
        let spec: SubscriptionSpec.Binding =
            switch binding {
            case .topic(let topic): .topic(topic)
            case .fanout(let group): .fanout(group: group)
            }
        connection.enqueue(.subscribe(SubscriptionSpec(id: id, binding: spec, deliveries: continuation)))
        return BusSubscription(deliveries: stream)
    }

    /// Tells the broker a delivery was handled; it will not be delivered again.
    public func acknowledge(_ delivery: Delivery) {
        connection.enqueue(.ack(generation: delivery.generation, deliveryTag: delivery.deliveryTag))
    }

    /// Sends `body` as the reply to a call delivery (a no-op for casts, which have no reply address).
    func reply(to delivery: Delivery, body: [UInt8]) {
        guard let replyTo = delivery.replyTo, let correlationID = delivery.correlationID else { return }
        connection.enqueue(
            .publish(
                OutboundMessage(
                    exchange: "", routingKey: replyTo, body: body, messageID: messageIDs.next(),
                    correlationID: correlationID, replyTo: nil, persistent: false, mandatory: false,
                    expirationMilliseconds: nil, deadline: .now + settings.callTimeout, timeout: settings.callTimeout,
                    topic: replyTo, method: "reply", completion: .none)))
    }

    /// What a subscription consumes.
    public enum Binding: Sendable, Equatable {
        /// The durable work queue of a topic, shared round-robin by its consumers.
        case topic(String)
        /// A private queue receiving every fanout to the group.
        case fanout(String)
    }
}

/// The deliveries of one subscription; ends when the bus shuts down or the sequence is dropped.
public struct BusSubscription: AsyncSequence, Sendable {
    public typealias Element = Delivery
    let deliveries: AsyncStream<Delivery>

    public func makeAsyncIterator() -> AsyncStream<Delivery>.AsyncIterator {
        deliveries.makeAsyncIterator()
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
