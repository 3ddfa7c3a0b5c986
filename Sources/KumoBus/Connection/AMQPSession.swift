import CRabbitMQ

#if canImport(Glibc)
import Glibc
#endif

/// Why a rabbitmq-c operation failed; the connection is torn down and re-opened.
struct AMQPFailure: Error, CustomStringConvertible {
    let operation: String
    let detail: String
    var description: String { "\(operation): \(detail)" }
}

/// A frame the I/O loop acts on, copied out of rabbitmq-c's buffers.
enum InboundFrame {
    case deliver(consumerTag: String, deliveryTag: UInt64, redelivered: Bool, message: InboundMessage)
    case confirm(deliveryTag: UInt64, multiple: Bool, accepted: Bool)
    case returned(replyCode: Int, message: InboundMessage)
    case closed(reason: String)
    case other
}

/// Properties and body of a received message.
struct InboundMessage {
    var body: [UInt8]
    var messageID: String?
    var correlationID: String?
    var replyTo: String?
}

/// One open rabbitmq-c connection with two channels: `confirmChannel` in publisher-confirm mode for
/// durable casts, `mainChannel` for calls, replies, consumers and acks.
///
/// Not thread-safe (rabbitmq-c is not): created, used and closed only on the connection's I/O thread.
final class AMQPSession {
    static let confirmChannel: amqp_channel_t = 1
    static let mainChannel: amqp_channel_t = 2
    /// RabbitMQ's direct reply-to pseudo queue: replies to calls need no queue of their own.
    static let directReplyTo = "amq.rabbitmq.reply-to"

    private let state: amqp_connection_state_t
    private var open = false

    init(settings: BusSettings) throws {
        guard let state = amqp_new_connection() else { throw AMQPFailure(operation: "connect", detail: "out of memory") }
        self.state = state
        guard let socket = amqp_tcp_socket_new(state) else {
            amqp_destroy_connection(state)
            throw AMQPFailure(operation: "connect", detail: "cannot create socket")
        }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        let status = amqp_socket_open_noblock(socket, settings.host, Int32(settings.port), &timeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            amqp_destroy_connection(state)
            throw AMQPFailure(operation: "connect to \(settings.host):\(settings.port)", detail: Self.statusText(status))
        }
        var rpcTimeout = timeval(tv_sec: 5, tv_usec: 0)
        amqp_set_rpc_timeout(state, &rpcTimeout)
        open = true
        do {
            try check(
                kumo_amqp_login_plain(
                    state, settings.vhost, 0, 131_072, Int32(settings.heartbeatSeconds), settings.user,
                    settings.password),
                "login")
            for channel in [Self.confirmChannel, Self.mainChannel] {
                amqp_channel_open(state, channel)
                try check(amqp_get_rpc_reply(state), "channel.open")
            }
            amqp_confirm_select(state, Self.confirmChannel)
            try check(amqp_get_rpc_reply(state), "confirm.select")
            amqp_basic_qos(state, Self.mainChannel, 0, UInt16(clamping: settings.prefetch), 0)
            try check(amqp_get_rpc_reply(state), "basic.qos")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    var socketFD: Int32 { amqp_get_sockfd(state) }

    /// Whether frames are already buffered, so polling the socket would wait for nothing.
    var hasBufferedData: Bool { amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0 }

    /// Runs `body` with the socket corked, so the frames of several publishes leave in few packets.
    /// The descriptor is read once: `body` may close the session (then uncorking fails harmlessly).
    func corked(_ body: () throws -> Void) rethrows {
        let fd = socketFD
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_CORK, &on, socklen_t(MemoryLayout<Int32>.size))
        defer {
            var off: Int32 = 0
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_CORK, &off, socklen_t(MemoryLayout<Int32>.size))
        }
        try body()
    }

    func close() {
        guard open else { return }
        open = false
        amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        amqp_destroy_connection(state)
    }

    // MARK: Topology

    func declareExchange(_ name: String, type: String) throws {
        var strings = CStringArena()
        amqp_exchange_declare(
            state, Self.mainChannel, strings.bytes(name), strings.bytes(type), 0, 1, 0, 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "exchange.declare \(name)")
    }

    /// Declares a queue (server-named when `name` is empty) and returns its name.
    func declareQueue(_ name: String, durable: Bool, exclusive: Bool) throws -> String {
        var strings = CStringArena()
        let ok = amqp_queue_declare(
            state, Self.mainChannel, strings.bytes(name), 0, durable ? 1 : 0, exclusive ? 1 : 0,
            exclusive ? 1 : 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "queue.declare \(name)")
        guard let ok else { throw AMQPFailure(operation: "queue.declare \(name)", detail: "no reply") }
        return Self.string(ok.pointee.queue) ?? name
    }

    func bind(queue: String, exchange: String, routingKey: String) throws {
        var strings = CStringArena()
        amqp_queue_bind(
            state, Self.mainChannel, strings.bytes(queue), strings.bytes(exchange),
            strings.bytes(routingKey), amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "queue.bind \(queue)")
    }

    /// Starts consuming and returns the consumer tag.
    func consume(queue: String, noAck: Bool) throws -> String {
        var strings = CStringArena()
        let ok = amqp_basic_consume(
            state, Self.mainChannel, strings.bytes(queue), amqp_empty_bytes, 0, noAck ? 1 : 0, 0,
            amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "basic.consume \(queue)")
        guard let ok, let tag = Self.string(ok.pointee.consumer_tag) else {
            throw AMQPFailure(operation: "basic.consume \(queue)", detail: "no consumer tag")
        }
        return tag
    }

    func cancel(consumerTag: String) throws {
        var strings = CStringArena()
        amqp_basic_cancel(state, Self.mainChannel, strings.bytes(consumerTag))
        try check(amqp_get_rpc_reply(state), "basic.cancel")
    }

    // MARK: Messages

    func publish(_ message: OutboundMessage, on channel: amqp_channel_t) throws {
        var strings = CStringArena()
        var properties = amqp_basic_properties_t()
        properties._flags = kumo_flag_content_type | kumo_flag_delivery_mode | kumo_flag_message_id
        properties.content_type = strings.bytes("application/json")
        properties.delivery_mode = message.persistent ? 2 : 1
        properties.message_id = strings.bytes(message.messageID)
        if let correlationID = message.correlationID {
            properties._flags |= kumo_flag_correlation_id
            properties.correlation_id = strings.bytes(correlationID)
        }
        if let replyTo = message.replyTo {
            properties._flags |= kumo_flag_reply_to
            properties.reply_to = strings.bytes(replyTo)
        }
        if let expiration = message.expirationMilliseconds {
            properties._flags |= kumo_flag_expiration
            properties.expiration = strings.bytes(String(max(expiration, 1)))
        }
        let status = message.body.withUnsafeBufferPointer { body in
            amqp_basic_publish(
                state, channel, strings.bytes(message.exchange), strings.bytes(message.routingKey),
                message.mandatory ? 1 : 0, 0, &properties,
                amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress)))
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPFailure(operation: "basic.publish", detail: Self.statusText(status))
        }
    }

    /// Acknowledges `deliveryTag`, and with `multiple` every earlier unacknowledged delivery too.
    func ack(deliveryTag: UInt64, multiple: Bool) throws {
        let status = amqp_basic_ack(state, Self.mainChannel, deliveryTag, multiple ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPFailure(operation: "basic.ack", detail: Self.statusText(status))
        }
    }

    /// Reads one frame without blocking; nil when none is ready. Also services heartbeats.
    func nextFrame() throws -> InboundFrame? {
        var frame = amqp_frame_t()
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &zero)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPFailure(operation: "read", detail: Self.statusText(status))
        }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return .other }
        let method = frame.payload.method
        switch method.id {
        case kumo_basic_deliver_method:
            let deliver = method.decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let consumerTag = Self.string(deliver.consumer_tag) ?? ""
            let message = try readMessage(channel: frame.channel)
            return .deliver(
                consumerTag: consumerTag, deliveryTag: deliver.delivery_tag, redelivered: deliver.redelivered != 0,
                message: message)
        case kumo_basic_ack_method:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .confirm(deliveryTag: ack.delivery_tag, multiple: ack.multiple != 0, accepted: true)
        case kumo_basic_nack_method:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .confirm(deliveryTag: nack.delivery_tag, multiple: nack.multiple != 0, accepted: false)
        case kumo_basic_return_method:
            let returned = method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let message = try readMessage(channel: frame.channel)
            return .returned(replyCode: Int(returned.reply_code), message: message)
        case kumo_channel_close_method:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            return .closed(reason: "channel closed: \(close.reply_code) \(Self.string(close.reply_text) ?? "")")
        case kumo_connection_close_method:
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            return .closed(reason: "connection closed: \(close.reply_code) \(Self.string(close.reply_text) ?? "")")
        case kumo_basic_cancel_method:
            return .closed(reason: "consumer cancelled by the broker")
        default:
            return .other
        }
    }

    /// Frees rabbitmq-c's frame buffers once nothing decoded is referenced any more.
    func releaseBuffers() {
        amqp_maybe_release_buffers(state)
    }

    private func readMessage(channel: amqp_channel_t) throws -> InboundMessage {
        var message = amqp_message_t()
        try check(amqp_read_message(state, channel, &message, 0), "read message")
        defer { amqp_destroy_message(&message) }
        let properties = message.properties
        let flags = properties._flags
        return InboundMessage(
            body: message.body.len == 0
                ? [] : Array(UnsafeRawBufferPointer(start: message.body.bytes, count: message.body.len)),
            messageID: flags & kumo_flag_message_id != 0 ? Self.string(properties.message_id) : nil,
            correlationID: flags & kumo_flag_correlation_id != 0 ? Self.string(properties.correlation_id) : nil,
            replyTo: flags & kumo_flag_reply_to != 0 ? Self.string(properties.reply_to) : nil)
    }

    private func check(_ reply: amqp_rpc_reply_t, _ operation: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw AMQPFailure(operation: operation, detail: Self.statusText(reply.library_error))
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            var detail = "server exception"
            if reply.reply.id == kumo_connection_close_method {
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                detail = "\(close.reply_code) \(Self.string(close.reply_text) ?? "")"
            } else if reply.reply.id == kumo_channel_close_method {
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                detail = "\(close.reply_code) \(Self.string(close.reply_text) ?? "")"
            }
            throw AMQPFailure(operation: operation, detail: detail)
        default:
            throw AMQPFailure(operation: operation, detail: "no reply")
        }
    }

    static func string(_ bytes: amqp_bytes_t) -> String? {
        guard let pointer = bytes.bytes else { return bytes.len == 0 ? "" : nil }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: bytes.len), as: UTF8.self)
    }

    static func statusText(_ status: Int32) -> String {
        guard let text = amqp_error_string2(status) else { return "status \(status)" }
        return String(cString: text)
    }
}

/// Copies Swift strings into C memory that lives as long as the arena (a publish call).
private struct CStringArena: ~Copyable {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    mutating func bytes(_ string: String) -> amqp_bytes_t {
        let pointer = strdup(string)!
        pointers.append(pointer)
        return amqp_bytes_t(len: strlen(pointer), bytes: UnsafeMutableRawPointer(pointer))
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
