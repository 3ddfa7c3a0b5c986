import Testing

@testable import KumoBus

extension DedupWindow {
    /// Inserts each id in turn; true where the id was new.
    fileprivate mutating func insert(_ ids: [String]) -> [Bool] {
        ids.map { insert($0) }
    }
}

@Suite("Dedup window")
struct DedupWindowTests {
    @Test("a new id is accepted and the same id again is rejected")
    func duplicatesRejected() {
        var window = DedupWindow(capacity: 4)
        let accepted = window.insert(["a", "b", "a", "b", "c", "c"])
        #expect(accepted == [true, true, false, false, true, false])
    }

    @Test("when full, the oldest id is forgotten first")
    func capacityEvictsOldestFirst() {
        var window = DedupWindow(capacity: 3)
        #expect(window.insert(["a", "b", "c", "d"]) == [true, true, true, true])  // d evicts a
        #expect(window.insert(["b", "c", "d"]) == [false, false, false])
        #expect(window.insert(["a"]) == [true])  // a was forgotten; it now evicts b
        #expect(window.insert(["c", "d", "a"]) == [false, false, false])
        #expect(window.insert(["b", "c"]) == [true, true])  // b evicts c, then c evicts d
        #expect(window.insert(["a", "b", "c"]) == [false, false, false])
        #expect(window.insert(["d"]) == [true])
    }

    @Test("the window keeps exactly its capacity over many insertions")
    func windowKeepsCapacity() {
        var window = DedupWindow(capacity: 100)
        let first = window.insert((0..<1_000).map { "id-\($0)" })
        #expect(first.allSatisfy { $0 })
        let recent = window.insert((900..<1_000).map { "id-\($0)" })
        #expect(recent.allSatisfy { !$0 })
        #expect(window.insert(["id-899"]) == [true])
    }

    @Test("a rejected duplicate does not take a slot")
    func duplicateDoesNotEvict() {
        var window = DedupWindow(capacity: 2)
        #expect(window.insert(["a", "b", "a", "a", "a", "a", "b"]) == [true, true, false, false, false, false, false])
    }
}
