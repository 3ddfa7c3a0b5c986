import Foundation

/// Where a transfer stands, as the progress bar and lines show it: bytes done of the total, the mean
/// rate since the start and the time left at that rate.
public struct TransferProgress: Equatable, Sendable {
    public var done: Int64
    public var total: Int64
    public var elapsed: Duration

    public init(done: Int64, total: Int64, elapsed: Duration) {
        self.done = done
        self.total = total
        self.elapsed = elapsed
    }

    /// Bytes per second since the start; nil before any time has passed.
    public var rate: Double? {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(done) / seconds : nil
    }

    /// Whole seconds left at the mean rate; nil while nothing has moved yet.
    public var secondsLeft: Int? {
        if done >= total { return 0 }
        guard let rate, rate > 0 else { return nil }
        return Int((Double(total - done) / rate).rounded(.up))
    }

    /// `12.0 / 64.0 MiB  18%  5.2 MiB/s  ETA 0:09`.
    public var text: String {
        let percent = total > 0 ? Int(done * 100 / total) : 100
        let rateText = rate.map { String(format: "%.1f MiB/s", $0 / Self.mebibyte) } ?? "-- MiB/s"
        let eta = secondsLeft.map(Self.clock) ?? "--:--"
        let amounts = String(
            format: "%.1f / %.1f MiB  %3ld%%", Double(done) / Self.mebibyte, Double(total) / Self.mebibyte, percent)
        return "\(amounts)  \(rateText)  ETA \(eta)"
    }

    /// `[#######-----------------------]`: `width` cells, filled in proportion.
    public func bar(width: Int = 30) -> String {
        let filled = total > 0 ? Int(Int64(width) * min(done, total) / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Int) -> String {
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return hours > 0
            ? String(format: "%ld:%02ld:%02ld", hours, minutes, rest) : String(format: "%ld:%02ld", minutes, rest)
    }

    static let mebibyte = 1_048_576.0
}
