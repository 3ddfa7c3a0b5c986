import Testing

@testable import KumoBus

@Suite("Reconnect state machine")
struct ReconnectStateMachineTests {
    let start = ContinuousClock.now

    /// A machine that has been started and whose first connection attempt failed `failures` times.
    func failing(_ failures: Int) -> (ReconnectStateMachine, [ContinuousClock.Instant]) {
        var machine = ReconnectStateMachine()
        _ = machine.start()
        var deadlines: [ContinuousClock.Instant] = []
        var now = start
        for _ in 0..<failures {
            guard case .wait(let until) = machine.connectFailed(now: now) else { return (machine, deadlines) }
            deadlines.append(until)
            now = until
            _ = machine.tick(now: now)
        }
        return (machine, deadlines)
    }

    @Test("starting from idle connects")
    func startConnects() {
        var machine = ReconnectStateMachine()
        #expect(machine.state == .idle)
        #expect(machine.start() == .connect)
        #expect(machine.state == .connecting(attempt: 0))
    }

    @Test("a successful connection resumes consumers and the outbox")
    func connectSucceededResumes() {
        var machine = ReconnectStateMachine()
        _ = machine.start()
        #expect(machine.connectSucceeded() == .resume)
        #expect(machine.state == .connected)
    }

    @Test("a failed attempt waits 100 ms before the next")
    func firstFailureWaits100ms() {
        var machine = ReconnectStateMachine()
        _ = machine.start()
        #expect(machine.connectFailed(now: start) == .wait(until: start + .milliseconds(100)))
        #expect(machine.state == .waiting(until: start + .milliseconds(100), attempt: 1))
    }

    @Test("backoff doubles from 100 ms and is capped at 2 s")
    func backoffDoublesAndCaps() {
        let (_, deadlines) = failing(8)
        var previous = start
        var delays: [Duration] = []
        for deadline in deadlines {
            delays.append(deadline - previous)
            previous = deadline
        }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .milliseconds(1600), .seconds(2), .seconds(2), .seconds(2),
            ])
    }

    @Test("the backoff of a very high attempt number stays at the cap")
    func backoffOfHugeAttemptIsCapped() {
        let machine = ReconnectStateMachine()
        #expect(machine.backoff(afterAttempt: 0) == .milliseconds(100))
        #expect(machine.backoff(afterAttempt: 1_000_000) == .seconds(2))
    }

    @Test("a tick before the deadline does nothing")
    func tickBeforeDeadlineDoesNothing() {
        var machine = ReconnectStateMachine()
        _ = machine.start()
        _ = machine.connectFailed(now: start)
        #expect(machine.tick(now: start + .milliseconds(99)) == .none)
        #expect(machine.state == .waiting(until: start + .milliseconds(100), attempt: 1))
    }

    @Test("a tick at or after the deadline connects again, keeping the attempt count")
    func tickAfterDeadlineConnects() {
        var machine = ReconnectStateMachine()
        _ = machine.start()
        _ = machine.connectFailed(now: start)
        #expect(machine.tick(now: start + .milliseconds(100)) == .connect)
        #expect(machine.state == .connecting(attempt: 1))
        #expect(machine.connectFailed(now: start + .milliseconds(100)) == .wait(until: start + .milliseconds(300)))
    }

    @Test("a lost connection recovers at once and the backoff starts over")
    func connectionLostRecovers() {
        var (machine, _) = failing(3)
        #expect(machine.connectSucceeded() == .resume)
        #expect(machine.connectionLost() == .recover)
        #expect(machine.state == .connecting(attempt: 0))
        #expect(machine.connectFailed(now: start) == .wait(until: start + .milliseconds(100)))
    }

    @Test("close is final: nothing connects afterwards")
    func closeIsFinal() {
        var machine = ReconnectStateMachine()
        _ = machine.start()
        _ = machine.connectFailed(now: start)
        machine.close()
        #expect(machine.state == .closed)
        #expect(machine.tick(now: start + .seconds(10)) == .none)
        #expect(machine.start() == .none)
        #expect(machine.connectSucceeded() == .none)
        #expect(machine.connectFailed(now: start) == .none)
        #expect(machine.connectionLost() == .none)
        #expect(machine.state == .closed)
    }

    @Test("events in the wrong state do nothing and leave the state alone")
    func eventsInWrongStateDoNothing() {
        var idle = ReconnectStateMachine()
        #expect(idle.connectSucceeded() == .none)
        #expect(idle.connectFailed(now: start) == .none)
        #expect(idle.connectionLost() == .none)
        #expect(idle.tick(now: start) == .none)
        #expect(idle.state == .idle)

        var connecting = ReconnectStateMachine()
        _ = connecting.start()
        #expect(connecting.start() == .none)
        #expect(connecting.connectionLost() == .none)
        #expect(connecting.tick(now: start + .seconds(10)) == .none)
        #expect(connecting.state == .connecting(attempt: 0))

        var connected = ReconnectStateMachine()
        _ = connected.start()
        _ = connected.connectSucceeded()
        #expect(connected.start() == .none)
        #expect(connected.connectSucceeded() == .none)
        #expect(connected.connectFailed(now: start) == .none)
        #expect(connected.tick(now: start + .seconds(10)) == .none)
        #expect(connected.state == .connected)

        var waiting = ReconnectStateMachine()
        _ = waiting.start()
        _ = waiting.connectFailed(now: start)
        #expect(waiting.connectSucceeded() == .none)
        #expect(waiting.connectFailed(now: start) == .none)
        #expect(waiting.connectionLost() == .none)
        #expect(waiting.state == .waiting(until: start + .milliseconds(100), attempt: 1))
    }
}
