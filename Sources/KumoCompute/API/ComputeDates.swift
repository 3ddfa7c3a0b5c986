import Foundation

/// The two date formats of the Compute API: `2026-11-23T17:02:26Z` for servers and flavors, and
/// `2026-11-23T17:02:26.000000` for launch times, instance actions and events.
enum ComputeDates {
    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + "Z"
    }

    static func micro(_ date: Date) -> String {
        let seconds = iso(date).dropLast()
        let micros = Int((date.timeIntervalSince1970 * 1_000_000).truncatingRemainder(dividingBy: 1_000_000))
        return "\(seconds).\(String(format: "%06d", max(0, micros)))"
    }
}
