/// A message to publish, with what its sender waits for.
struct OutboundMessage: Sendable {
    enum Completion: Sendable {
        /// A call: resumed with the reply body, matched by correlation id.
        case reply(CheckedContinuation<[UInt8], any Error>, idempotent: Bool)
        /// A durable cast: resumed when the broker confirms it.
        case confirm(CheckedContinuation<Void, any Error>)
        /// Replies, fanouts and transient casts: nothing waits.
        case none
    }

    var exchange: String
    var routingKey: String
    var body: [UInt8]
    var messageID: String
    var correlationID: String?
    var replyTo: String?
    var persistent: Bool
    var mandatory: Bool
    /// Per-message TTL so stale requests die in their queue.
    var expirationMilliseconds: Int?
    var deadline: ContinuousClock.Instant
    /// What the deadline was set from, for error messages.
    var timeout: Duration
    /// For errors: the logical topic and method.
    var topic: String
    var method: String
    var completion: Completion
}

/// A queue the connection consumes from, re-declared after every reconnection.
struct SubscriptionSpec: Sendable {
    enum Binding: Sendable, Equatable {
        /// A named durable queue bound to the topic exchange (work shared by all consumers of the topic).
        case topic(String)
        /// A private, exclusive queue bound to a fanout exchange (each member gets every message).
        case fanout(group: String)
    }

    var id: Int
    var binding: Binding
    var deliveries: AsyncStream<Delivery>.Continuation
}

/// A message received from a subscription; acknowledge it with `AMQPConnection.ack`.
public struct Delivery: Sendable {
    public let body: [UInt8]
    public let messageID: String?
    public let correlationID: String?
    public let replyTo: String?
    public let redelivered: Bool
    let deliveryTag: UInt64
    /// The connection incarnation the tag belongs to; a tag from an earlier one is not acked.
    let generation: Int
}

/// Work handed to the I/O thread.
enum IOCommand: Sendable {
    case publish(OutboundMessage)
    case subscribe(SubscriptionSpec)
    case unsubscribe(id: Int)
    case ack(generation: Int, deliveryTag: UInt64)
    /// The caller of `correlationID` went away (task cancelled).
    case abandon(correlationID: String)
    /// Resumed once the thread has failed what was in flight and closed the connection.
    case shutdown(CheckedContinuation<Void, Never>)
}
