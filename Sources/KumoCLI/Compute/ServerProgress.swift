import KumoClient

/// Where a server stands while a command waits for it: its status and task state.
struct ServerProgress: Equatable, Sendable {
    var status: String
    var taskState: String?

    init(status: String, taskState: String? = nil) {
        self.status = status
        self.taskState = taskState
    }

    init(_ server: [String: JSONValue]) {
        self.init(status: server["status"]?.string ?? "UNKNOWN", taskState: server["OS-EXT-STS:task_state"]?.string)
    }

    /// `BUILD, task spawning, 12s`.
    func text(elapsedSeconds: Int) -> String {
        [status, taskState.map { "task \($0)" }, "\(elapsedSeconds)s"].compactMap { $0 }.joined(separator: ", ")
    }
}

/// Shows a wait's progress: on a terminal one status line redrawn at each poll, else a line per change
/// of status or task.
struct ServerProgressDisplay: Sendable {
    let inPlace: Bool
    private var last: ServerProgress?

    init(inPlace: Bool) {
        self.inPlace = inPlace
    }

    /// What to write for `progress` at `elapsedSeconds`; nil when nothing is to be written.
    mutating func update(_ progress: ServerProgress, elapsedSeconds: Int) -> String? {
        defer { last = progress }
        if inPlace { return "\r" + progress.text(elapsedSeconds: elapsedSeconds) + "\u{1B}[K" }
        return progress == last ? nil : progress.text(elapsedSeconds: elapsedSeconds) + "\n"
    }

    /// What ends the display: the end of the status line, if one was drawn.
    func finish() -> String? {
        inPlace && last != nil ? "\n" : nil
    }
}
