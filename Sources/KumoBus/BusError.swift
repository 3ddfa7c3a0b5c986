import KumoCore

/// What can go wrong on the bus; every case names the topic (and method) involved.
public enum BusError: Error, Equatable, CustomStringConvertible {
    /// Nobody answered a call before its deadline.
    case timeout(topic: String, method: String, after: Duration)
    /// No queue is bound to the topic, so the broker returned the message at once.
    case noRoute(topic: String, method: String)
    /// The connection dropped while a non-idempotent call was in flight; it may or may not have run.
    case connectionLost(topic: String, method: String)
    /// A durable cast could not be confirmed by the broker before its deadline.
    case unconfirmed(topic: String, method: String)
    /// The broker rejected the message (`basic.nack`).
    case rejected(topic: String, method: String)
    /// The broker could not be reached at all.
    case unreachable(broker: String, reason: String)
    /// The bus was shut down before the operation finished.
    case shutdown
    /// A message could not be encoded or decoded.
    case badMessage(String)
    /// The message's envelope format (`v`) is not one this Kumo reads.
    case unknownFormat(Int)
    /// The remote side does not implement the method or the requested version.
    case unsupported(method: String, version: String)

    public var description: String {
        switch self {
        case .timeout(let topic, let method, let after):
            "RPC call '\(method)' to topic '\(topic)' timed out after \(after) with no reply"
        case .noRoute(let topic, let method):
            "no consumer queue is bound to topic '\(topic)' (method '\(method)')"
        case .connectionLost(let topic, let method):
            "connection to the broker was lost while calling '\(method)' on topic '\(topic)'"
        case .unconfirmed(let topic, let method):
            "the broker did not confirm cast '\(method)' to topic '\(topic)'"
        case .rejected(let topic, let method):
            "the broker rejected '\(method)' to topic '\(topic)'"
        case .unreachable(let broker, let reason):
            "cannot connect to the message broker at \(broker): \(reason)"
        case .shutdown:
            "the message bus is shut down"
        case .badMessage(let detail):
            "malformed bus message: \(detail)"
        case .unknownFormat(let format):
            "unknown bus envelope format \(format)"
        case .unsupported(let method, let version):
            "method '\(method)' version \(version) is not supported by the receiver"
        }
    }
}

extension BusError: PublicError {
    public var statusCode: Int {
        switch self {
        case .timeout, .noRoute, .connectionLost, .unconfirmed, .rejected, .unreachable, .shutdown: 503
        case .badMessage, .unknownFormat, .unsupported: 500
        }
    }
    /// The description, less decoder internals.
    public var publicMessage: String {
        if case .badMessage = self { return "malformed bus message" }
        return description
    }
}

/// An error raised by the remote handler of a call, rebuilt from its `{kind, status, message}` reply.
public struct RemoteError: Error, PublicError, Equatable, CustomStringConvertible {
    public let kind: String
    public let statusCode: Int
    public let publicMessage: String

    public init(kind: String, statusCode: Int, publicMessage: String) {
        self.kind = kind
        self.statusCode = statusCode
        self.publicMessage = publicMessage
    }

    public var description: String { "\(kind) (\(statusCode)): \(publicMessage)" }
}
