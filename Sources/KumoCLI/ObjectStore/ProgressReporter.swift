import Foundation
import Synchronization

/// Shows a transfer's progress on standard error: a bar redrawn in place when it is a terminal, else a
/// plain line at most once a second, nothing when quiet. Parallel uploads add to one reporter.
public final class ProgressReporter: Sendable {
    /// How progress is shown.
    public enum Style: Sendable {
        case bar, lines, quiet
    }

    private struct State {
        var done: Int64 = 0
        var lastShown: ContinuousClock.Instant?
    }

    let total: Int64
    let style: Style
    private let start = ContinuousClock.now
    private let state: Mutex<State>

    /// A reporter of a transfer of `total` bytes; its style is chosen by whether stderr is a terminal.
    public init(total: Int64, quiet: Bool) {
        self.total = total
        style = quiet ? .quiet : isatty(STDERR_FILENO) != 0 ? .bar : .lines
        // Plain lines start a second in; the bar at once.
        state = Mutex(State(lastShown: style == .lines ? start : nil))
    }

    /// Counts `bytes` more done and shows them if the last showing is old enough.
    public func add(_ bytes: Int) {
        guard style != .quiet else { return }
        let now = ContinuousClock.now
        let interval: Duration = style == .bar ? .milliseconds(100) : .seconds(1)
        state.withLock { state in
            state.done += Int64(bytes)
            if let last = state.lastShown, now - last < interval { return }
            state.lastShown = now
            show(state.done, at: now, last: false)
        }
    }

    /// Shows the final state (unless nothing moved of something to move: a transfer that failed at
    /// once); the bar's line is ended.
    public func finish() {
        guard style != .quiet else { return }
        state.withLock { state in
            guard state.done > 0 || total == 0 else { return }
            show(state.done, at: .now, last: true)
        }
    }

    private func show(_ done: Int64, at now: ContinuousClock.Instant, last: Bool) {
        let progress = TransferProgress(done: done, total: total, elapsed: now - start)
        let line =
            style == .bar
            ? "\r\(progress.bar()) \(progress.text)\u{1B}[K" + (last ? "\n" : "") : progress.text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
