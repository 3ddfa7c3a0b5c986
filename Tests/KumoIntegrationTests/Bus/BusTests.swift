import Foundation
import KumoBus
import KumoTesting
import Logging
import Testing

@Suite("Bus against a real RabbitMQ", .timeLimit(.minutes(3)))
struct BusTests {
    /// Runs an RPC server for `topic` while `body` runs.
    func serving<T: Sendable>(
        _ bus: Bus, _ binding: Bus.Binding, ticks: TickRecorder? = nil, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let server = RPCServer(
            bus: bus, binding: binding, dispatcher: TestMethods.dispatcher(ticks: ticks),
            logger: Logger(label: "kumo.test.server"))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run()
                return nil
            }
            group.addTask { try await body() }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw CancellationError()
        }
    }

    func uniqueTopic(_ name: String) -> String { "test.\(name).\(UUID().uuidString.prefix(8))" }

    @Test("a call gets the reply of the handler")
    func callRoundTrip() async throws {
        try await withTestBus { bus in
            let topic = uniqueTopic("echo")
            try await serving(bus, .topic(topic)) {
                try await waitUntilRoutable(bus, topic)
                let reply = try await bus.call(TestMethods.echo, .init(text: "héllo", number: 42), topic: topic)
                #expect(reply == .init(text: "héllo", number: 42))
            }
        }
    }

    @Test("handler errors come back as RemoteError; a newer minor version is refused")
    func remoteErrors() async throws {
        try await withTestBus { bus in
            let topic = uniqueTopic("fail")
            try await serving(bus, .topic(topic)) {
                try await waitUntilRoutable(bus, topic)
                let error = await #expect(throws: RemoteError.self) {
                    try await bus.call(TestMethods.fail, Empty(), topic: topic)
                }
                #expect(error?.publicMessage.contains("told to fail") == true)
                #expect(error?.statusCode == 409)
                let versionError = await #expect(throws: RemoteError.self) {
                    try await bus.call(TestMethods.echoNewer, .init(text: "x", number: 1), topic: topic)
                }
                #expect(versionError?.publicMessage.contains("1.3") == true)
            }
        }
    }

    @Test("a call to a topic with a queue but no consumer times out naming topic and method")
    func timeoutWhenNobodyListens() async throws {
        try await withTestBus { bus in
            let topic = uniqueTopic("silent")
            // Declare the durable queue, then go away: messages pile up unanswered.
            try await serving(bus, .topic(topic)) { try await waitUntilRoutable(bus, topic) }
            let error = await #expect(throws: BusError.self) {
                try await bus.call(TestMethods.echo, .init(text: "x", number: 1), topic: topic, timeout: .milliseconds(500))
            }
            #expect(error == .timeout(topic: topic, method: "echo", after: .milliseconds(500)))
            #expect(error?.description.contains(topic) == true)
        }
    }

    @Test("a call to a topic nobody ever bound fails at once with noRoute")
    func noRoute() async throws {
        try await withTestBus { bus in
            let topic = uniqueTopic("nowhere")
            let error = await #expect(throws: BusError.self) {
                try await bus.call(TestMethods.echo, .init(text: "x", number: 1), topic: topic, timeout: .seconds(20))
            }
            #expect(error == .noRoute(topic: topic, method: "echo"))
        }
    }

    @Test("durable casts arrive exactly once")
    func casts() async throws {
        try await withTestBus { bus in
            let topic = uniqueTopic("cast")
            let ticks = TickRecorder()
            try await serving(bus, .topic(topic), ticks: ticks) {
                try await waitUntilRoutable(bus, topic)
                for sequence in 0..<200 {
                    try await bus.cast(TestMethods.tick, .init(sequence: sequence), topic: topic)
                }
                try await eventually { await ticks.total == 200 }
                #expect(await ticks.counts.values.allSatisfy { $0 == 1 })
            }
        }
    }

    @Test("an idle connection lives past several heartbeat intervals without reconnecting")
    func heartbeats() async throws {
        var settings = try await TestBroker.shared.settings()
        settings.heartbeatSeconds = 1  // the broker closes a connection silent for two intervals
        try await withTestBus(settings: settings) { bus in
            let topic = uniqueTopic("idle")
            try await serving(bus, .topic(topic)) {
                try await waitUntilRoutable(bus, topic)
                try await Task.sleep(for: .seconds(5))
                let reply = try await bus.call(TestMethods.echo, .init(text: "still here", number: 5), topic: topic)
                #expect(reply.text == "still here")
            }
            #expect(bus.sessionCount == 1)
        }
    }

    @Test("a fanout reaches every member of the group")
    func fanout() async throws {
        try await withTestBus { bus in
            let group = uniqueTopic("group")
            let first = TickRecorder()
            let second = TickRecorder()
            try await serving(bus, .fanout(group), ticks: first) {
                try await serving(bus, .fanout(group), ticks: second) {
                    // Fanout members bind asynchronously: send until both have heard one.
                    var sequence = 0
                    try await eventually {
                        sequence += 1
                        try? await bus.fanout(TestMethods.tick, .init(sequence: sequence), group: group)
                        let heardFirst = await first.total > 0
                        let heardSecond = await second.total > 0
                        return heardFirst && heardSecond
                    }
                }
            }
        }
    }
}

/// Polls `condition` every 50 ms until it holds or `deadline` passes.
func eventually(
    within deadline: Duration = .seconds(20), _ condition: () async throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let end = ContinuousClock.now + deadline
    while ContinuousClock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition not met within \(deadline)", sourceLocation: sourceLocation)
}

/// Waits until a server's queue for `topic` is bound, so calls stop failing with noRoute.
func waitUntilRoutable(_ bus: Bus, _ topic: String) async throws {
    try await eventually {
        do {
            _ = try await bus.call(TestMethods.echo, .init(text: "ping", number: 0), topic: topic, timeout: .seconds(5))
            return true
        } catch BusError.noRoute {
            return false
        }
    }
}
