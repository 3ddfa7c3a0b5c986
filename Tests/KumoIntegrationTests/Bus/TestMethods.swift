import KumoBus
import KumoCore

/// Methods the bus tests send.
enum TestMethods {
    struct Echo: Codable, Sendable, Equatable {
        var text: String
        var number: Int
    }

    struct Tick: Codable, Sendable, Equatable {
        var sequence: Int
    }

    static let echo = RPCMethod<Echo, Echo>("echo", version: "1.2")
    static let echoNewer = RPCMethod<Echo, Echo>("echo", version: "1.3")
    static let fail = RPCMethod<Empty, Empty>("fail")
    static let tick = RPCMethod<Tick, Empty>("tick")

    /// A dispatcher with `echo` and `fail`, and `tick` recorded in `ticks`.
    static func dispatcher(ticks: TickRecorder? = nil) -> RPCDispatcher {
        var dispatcher = RPCDispatcher()
        dispatcher.register(echo) { echo, _ in echo }
        dispatcher.register(fail) { _, _ in throw Refusal() }
        dispatcher.register(tick) { tick, _ in
            await ticks?.record(tick.sequence)
            return Empty()
        }
        return dispatcher
    }
}

/// What the `fail` handler throws: an error a user may see.
struct Refusal: PublicError {
    var statusCode: Int { 409 }
    var publicMessage: String { "told to fail" }
}

/// Counts how often each cast arrived.
actor TickRecorder {
    private(set) var counts: [Int: Int] = [:]

    func record(_ sequence: Int) { counts[sequence, default: 0] += 1 }

    var total: Int { counts.values.reduce(0, +) }
}
