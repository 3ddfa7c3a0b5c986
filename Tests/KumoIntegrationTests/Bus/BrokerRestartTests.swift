import Foundation
import KumoBus
import KumoRuntime
import KumoTesting
import Logging
import Synchronization
import Testing

/// The broker restarted under a stream of calls and casts, on a node of this suite's own.
@Suite("Bus across a broker restart", .serialized, .timeLimit(.minutes(5)))
struct BrokerRestartTests {
    @Test("calls recover within seconds and every durable cast arrives exactly once or fails loudly")
    func restartUnderLoad() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-restart-\(UUID().uuidString.prefix(8))").path
        let node = TestBroker(directory: directory, port: 5702)
        let settings = try await node.settings()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ticks = TickRecorder()
        let topic = "test.restart"
        do {
            try await withTestBus(settings: settings) { serverBus in
                let server = RPCServer(
                    bus: serverBus, binding: .topic(topic), dispatcher: TestMethods.dispatcher(ticks: ticks),
                    logger: Logger(label: "kumo.test.server"))
                try await withTestBus(settings: settings) { bus in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await server.run() }
                        try await waitUntilRoutable(bus, topic)
                        let outcome = try await load(bus: bus, topic: topic, broker: node)
                        // Calls work again soon after the broker's return (polled to a deadline).
                        try await waitUntilRoutable(bus, topic)
                        // Every confirmed cast arrives, exactly once; failures were reported to the caller.
                        try await eventually(within: .seconds(30)) {
                            let counts = await ticks.counts
                            return outcome.confirmed.allSatisfy { counts[$0] != nil }
                        }
                        let counts = await ticks.counts
                        #expect(outcome.confirmed.allSatisfy { counts[$0] == 1 }, "duplicates: \(counts.filter { $0.value > 1 })")
                        #expect(outcome.confirmed.count + outcome.failedCasts.count == outcome.castsSent)
                        #expect(outcome.confirmed.count > 0)
                        #expect(outcome.callSuccesses > 0)
                        #expect(outcome.unclearCallErrors.isEmpty, "\(outcome.unclearCallErrors)")
                        #expect(bus.sessionCount >= 2, "the client reconnected")
                        group.cancelAll()
                    }
                }
            }
        } catch {
            try? await node.broker.stop()
            throw error
        }
        try await node.broker.stop()
    }

    /// What the load saw, filled in by its concurrent senders.
    final class Outcome: Sendable {
        struct Counts {
            var confirmed: [Int] = []
            var failedCasts: [Int] = []
            var castsSent = 0
            var callSuccesses = 0
            var unclearCallErrors: [String] = []
        }

        let counts = Mutex(Counts())
        let restarted = Atomic<Bool>(false)
    }

    /// Streams calls and casts while the broker's application is stopped for two seconds and started again.
    func load(bus: Bus, topic: String, broker: TestBroker) async throws -> Outcome.Counts {
        let outcome = Outcome()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {  // casts, one after another, each waiting for its confirm
                var sequence = 0
                while !outcome.restarted.load(ordering: .relaxed) || sequence < 300 {
                    sequence += 1
                    let current = sequence
                    outcome.counts.withLock { $0.castsSent += 1 }
                    do {
                        try await bus.cast(TestMethods.tick, .init(sequence: current), topic: topic)
                        outcome.counts.withLock { $0.confirmed.append(current) }
                    } catch {
                        outcome.counts.withLock { $0.failedCasts.append(current) }
                    }
                    if sequence > 5_000 { break }
                }
            }
            group.addTask {  // calls, as fast as they come back
                while !outcome.restarted.load(ordering: .relaxed) {
                    do {
                        _ = try await bus.call(
                            TestMethods.echo, .init(text: "x", number: 1), topic: topic, timeout: .seconds(2))
                        outcome.counts.withLock { $0.callSuccesses += 1 }
                    } catch let error as BusError {
                        switch error {
                        case .connectionLost, .timeout, .noRoute: try await Task.sleep(for: .milliseconds(20))
                        default: outcome.counts.withLock { $0.unclearCallErrors.append("\(error)") }
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(500))
                try await broker.broker.ctl(["stop_app"])
                try await Task.sleep(for: .seconds(2))
                try await broker.broker.ctl(["start_app"])
                outcome.restarted.store(true, ordering: .relaxed)
            }
            try await group.waitForAll()
        }
        return outcome.counts.withLock { $0 }
    }
}
