/// Follows a console log read again and again: yields each complete line once, whether the log grew or
/// its start was cut off (Nova returns at most the last lines asked for).
struct ConsoleTail: Sendable {
    /// The complete lines yielded so far (the partial last line waits until it ends).
    private var seen: [Substring] = []

    /// The complete lines of `output` not yielded before.
    mutating func newLines(in output: String) -> [String] {
        let lines = Self.completeLines(output)
        let fresh = lines.dropFirst(Self.overlap(of: seen, with: lines))
        seen = lines
        return fresh.map(String.init)
    }

    /// The lines of `output` that end in a newline.
    static func completeLines(_ output: String) -> [Substring] {
        Array(output.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
    }

    /// How many lines at the start of `new` are the end of `old`: the longest such run.
    static func overlap(of old: [Substring], with new: [Substring]) -> Int {
        if new.starts(with: old) { return old.count }
        for count in stride(from: min(old.count, new.count), to: 0, by: -1)
        where old.suffix(count).elementsEqual(new.prefix(count)) {
            return count
        }
        return 0
    }
}
