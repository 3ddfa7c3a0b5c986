import Foundation

/// Reading the end of a serial console file.
enum ConsoleLog {
    /// The last `lines` lines (all for nil) among the last `maxBytes` bytes of the file at `path`;
    /// a line cut by that limit is left out. Empty when there is no file.
    static func tail(of path: String, lines: Int?, maxBytes: Int) throws -> String {
        guard let file = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? file.close() }
        let size = try file.seekToEnd()
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        try file.seek(toOffset: start)
        var text = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        if start > 0, let newline = text.firstIndex(of: "\n") {
            text = String(text[text.index(after: newline)...])
        }
        guard let lines else { return text }
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A final newline leaves an empty last element that is not a line.
        let complete = text.hasSuffix("\n") ? all.dropLast() : all[...]
        let selected = complete.suffix(max(lines, 0)).joined(separator: "\n")
        return text.hasSuffix("\n") && !selected.isEmpty ? selected + "\n" : selected
    }
}
