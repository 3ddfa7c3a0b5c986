import ArgumentParser
import Foundation
import KumoBus
import KumoRuntime
import KumoTesting
import Logging
import Synchronization

/// RPC round trip, call throughput and cast throughput through a real RabbitMQ node.
///
/// Server and client are separate connections (each with its own I/O thread) in this one process.
struct BusBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bus", abstract: "Bus RPC benchmarks.")

    @Option(help: "Sequential calls for the round-trip figures.") var calls = 2_000
    @Option(help: "Concurrent callers for the throughput figure.") var callers = 16
    @Option(help: "Calls in the throughput run.") var throughputCalls = 40_000
    @Option(help: "Casts in each cast run.") var casts = 50_000

    struct Payload: Codable, Sendable {
        var id: Int
        var name: String
    }

    static let echo = RPCMethod<Payload, Payload>("bench.echo")
    static let note = RPCMethod<Payload, Empty>("bench.note")

    func run() async throws {
        let settings = try await TestBroker.shared.settings()
        var logger = Logger(label: "kumo.bench")
        logger.logLevel = .warning
        let serverBus = Bus(settings: settings, logger: logger)
        let clientBus = Bus(settings: settings, logger: logger)
        serverBus.start()
        clientBus.start()
        let received = Counter()
        var dispatcher = RPCDispatcher()
        dispatcher.register(Self.echo) { payload, _ in payload }
        dispatcher.register(Self.note) { _, _ in
            received.increment()
            return Empty()
        }
        let topic = "bench.\(UUID().uuidString.prefix(8))"
        let server = RPCServer(bus: serverBus, binding: .topic(topic), dispatcher: dispatcher, logger: logger)
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        try await clientBus.waitUntilConnected(timeout: .seconds(10))
        let payload = Payload(id: 7, name: "instance-0001")
        while (try? await clientBus.call(Self.echo, payload, topic: topic, timeout: .seconds(2))) == nil {}

        // Round trip, one caller.
        for _ in 0..<200 { _ = try await clientBus.call(Self.echo, payload, topic: topic) }
        var latencies: [Double] = []
        for _ in 0..<calls {
            let start = ContinuousClock.now
            _ = try await clientBus.call(Self.echo, payload, topic: topic)
            latencies.append((ContinuousClock.now - start).seconds * 1000)
        }
        let roundTrip = Samples(latencies)

        // Throughput with concurrent callers.
        let perCaller = throughputCalls / callers
        let callStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    for _ in 0..<perCaller { _ = try await clientBus.call(Self.echo, payload, topic: topic) }
                }
            }
            try await group.waitForAll()
        }
        let callRate = Double(perCaller * callers) / (ContinuousClock.now - callStart).seconds

        // Casts one way: transient (fire and forget) and durable (persistent, each confirmed by the broker).
        let transientRate = try await castRate(durable: false, bus: clientBus, topic: topic, received: received)
        let durableRate = try await castRate(durable: true, bus: clientBus, topic: topic, received: received)

        let version = (try? await TestBroker.shared.broker.ctl(["version"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        printTable(
            "Bus RPC through RabbitMQ \(version ?? "") (rabbitmq-c; one process, two connections)",
            headers: ["figure", "value"],
            rows: [
                ["call round trip p50 (\(calls) sequential)", String(format: "%.3f ms", roundTrip.median)],
                ["call round trip p99", String(format: "%.3f ms", roundTrip.percentile(99))],
                ["call round trip mean", String(format: "%.3f ms", roundTrip.mean)],
                ["calls/s, \(callers) concurrent callers", String(format: "%.0f", callRate)],
                ["transient casts/s, one way, until all handled", String(format: "%.0f", transientRate)],
                ["durable casts/s (\(callers) senders awaiting confirms), until all handled", String(format: "%.0f", durableRate)],
            ])
        await clientBus.shutdown()
        serving.cancel()
        await serverBus.shutdown()
    }

    /// Sends `casts` casts and measures until the server has handled all of them.
    func castRate(durable: Bool, bus: Bus, topic: String, received: Counter) async throws -> Double {
        let base = received.value
        let payload = Payload(id: 1, name: "cast")
        let start = ContinuousClock.now
        let senders = durable ? callers : 1
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<senders {
                group.addTask {
                    for _ in 0..<(casts / senders) {
                        try await bus.cast(Self.note, payload, topic: topic, durable: durable)
                    }
                }
            }
            try await group.waitForAll()
        }
        let expected = base + (casts / senders) * senders
        while received.value < expected { try await Task.sleep(for: .milliseconds(1)) }
        return Double(casts / senders * senders) / (ContinuousClock.now - start).seconds
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
