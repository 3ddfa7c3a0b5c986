import Testing

@testable import KumoCLI

@Suite("Following a console log")
struct ConsoleTailTests {
    @Test("only complete lines are yielded, each once, as the log grows")
    func growing() {
        var tail = ConsoleTail()
        #expect(tail.newLines(in: "") == [])
        #expect(tail.newLines(in: "boot\nkern") == ["boot"])
        #expect(tail.newLines(in: "boot\nkernel 6.1\nlog") == ["kernel 6.1"])
        #expect(tail.newLines(in: "boot\nkernel 6.1\nlog") == [])
        #expect(tail.newLines(in: "boot\nkernel 6.1\nlogin: \n") == ["login: "])
    }

    @Test("a window of the last lines that slid yields only the lines past the old window")
    func sliding() {
        var tail = ConsoleTail()
        #expect(tail.newLines(in: "a\nb\nc\n") == ["a", "b", "c"])
        #expect(tail.newLines(in: "c\nd\ne\n") == ["d", "e"])
        #expect(tail.newLines(in: "x\ny\nz\n") == ["x", "y", "z"])
    }

    @Test("blank and repeated lines are not lost")
    func repeats() {
        var tail = ConsoleTail()
        #expect(tail.newLines(in: "\n\n") == ["", ""])
        #expect(tail.newLines(in: "\n\n\nok\n") == ["", "ok"])
    }
}
