import Testing

@testable import KumoBus

@Suite("Ack coalescing")
struct AckTrackerTests {
    @Test("completions in delivery order become one multiple ack")
    func inOrder() {
        var tracker = AckTracker()
        (1...5).forEach { tracker.delivered($0) }
        (1...5).forEach { tracker.complete($0) }
        let ready = tracker.takeReady()
        #expect(ready.upTo == 5)
        #expect(ready.singles.isEmpty)
        #expect(tracker.takeReady().upTo == nil)
    }

    @Test("completions behind a slow delivery are acked one by one, the slow one later")
    func slowHandlerAtTheFront() {
        var tracker = AckTracker()
        (1...4).forEach { tracker.delivered($0) }
        [2, 3].forEach { tracker.complete($0) }
        let first = tracker.takeReady()
        #expect(first.upTo == nil)
        #expect(first.singles == [2, 3])
        tracker.complete(1)
        let second = tracker.takeReady()
        #expect(second.upTo == 1)
        #expect(second.singles.isEmpty)
        tracker.complete(4)
        #expect(tracker.takeReady().upTo == 4)
    }

    @Test("a run at the front and stragglers behind a gap in one flush")
    func mixed() {
        var tracker = AckTracker()
        (10...15).forEach { tracker.delivered($0) }
        [10, 11, 13, 15].forEach { tracker.complete($0) }
        let ready = tracker.takeReady()
        #expect(ready.upTo == 11)
        #expect(ready.singles == [13, 15])
        [12, 14].forEach { tracker.complete($0) }
        #expect(tracker.takeReady().upTo == 14)
    }

    @Test("nothing completed, nothing to ack")
    func nothing() {
        var tracker = AckTracker()
        tracker.delivered(1)
        let ready = tracker.takeReady()
        #expect(ready.upTo == nil && ready.singles.isEmpty)
    }
}
