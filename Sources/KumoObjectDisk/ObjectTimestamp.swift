import Foundation

/// An object's `X-Timestamp`: seconds since the Unix epoch to 5 decimals, the version order of
/// every write (last write wins). Its normalized text, as in file names, has 10 zero-padded integer
/// digits: `1700000000.12345`.
public struct ObjectTimestamp: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// Units of 10 µs (1/100000 s) since the epoch, `0...maximumUnits`.
    public let units: Int64

    public static let unitsPerSecond: Int64 = 100_000
    /// `9999999999.99999`, the largest value with 10 integer digits.
    public static let maximumUnits: Int64 = 10_000_000_000 * unitsPerSecond - 1

    /// `nil` unless `units` is in `0...maximumUnits`.
    public init?(units: Int64) {
        guard (0...Self.maximumUnits).contains(units) else { return nil }
        self.units = units
    }

    /// The time, rounded to 10 µs and clamped to the representable range.
    public init(_ date: Date) {
        units = Self.clamped((date.timeIntervalSince1970 * Double(Self.unitsPerSecond)).rounded())
    }

    /// Parses header text: decimal digits (at most 10), optionally `.` and more digits. Decimals past
    /// the fifth are rounded. Signs, spaces, exponents and anything else make it `nil`.
    public init?(_ text: String) {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard let integer = parts.first, (1...10).contains(integer.count), integer.allSatisfy(isDigit) else {
            return nil
        }
        let fraction = parts.count == 2 ? Array(parts[1]) : []
        guard parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy(isDigit)) else { return nil }
        var units: Int64 = 0
        for byte in integer { units = units * 10 + Int64(byte - UInt8(ascii: "0")) }
        for index in 0..<5 {
            units = units * 10 + (index < fraction.count ? Int64(fraction[index] - UInt8(ascii: "0")) : 0)
        }
        if fraction.count > 5, fraction[5] >= UInt8(ascii: "5") { units += 1 }
        self.init(units: units)
    }

    public static func now() -> ObjectTimestamp { ObjectTimestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(units) / Double(Self.unitsPerSecond)) }

    /// This time moved by `duration`, rounded down to 10 µs and clamped to the representable range.
    public func advanced(by duration: Duration) -> ObjectTimestamp {
        let (seconds, attoseconds) = duration.components
        let delta = Double(seconds) * Double(Self.unitsPerSecond) + Double(attoseconds / 10_000_000_000_000)
        return ObjectTimestamp(units: Self.clamped((Double(units) + delta).rounded(.down)))!
    }

    private static func clamped(_ units: Double) -> Int64 {
        units <= 0 ? 0 : units >= Double(maximumUnits) ? maximumUnits : Int64(units)
    }

    /// The normalized text: `0000000001.50000`.
    public var description: String {
        let integer = String(units / Self.unitsPerSecond)
        let fraction = String(units % Self.unitsPerSecond)
        return String(repeating: "0", count: 10 - integer.count) + integer + "."
            + String(repeating: "0", count: 5 - fraction.count) + fraction
    }

    public static func < (lhs: ObjectTimestamp, rhs: ObjectTimestamp) -> Bool { lhs.units < rhs.units }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let timestamp = ObjectTimestamp(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad timestamp \(text)"))
        }
        self = timestamp
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
