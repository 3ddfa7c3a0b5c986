/// A single `Range: bytes=…` request resolved against a length: `a-b`, `a-` or `-n` (the last n bytes).
public struct ByteRange: Equatable, Sendable {
    public let lower: Int
    public let upper: Int

    public init(lower: Int, upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    public var range: Range<Int> { lower..<(upper + 1) }

    /// What a `Range` header asks for.
    public enum Parsed: Equatable, Sendable {
        /// No usable range header: the whole body is sent.
        case whole
        case partial(ByteRange)
        /// The range starts past the end (416).
        case unsatisfiable
    }

    public static func parse(_ header: String?, length: Int) -> Parsed {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { return .whole }
            guard length > 0 else { return .unsatisfiable }
            return .partial(ByteRange(lower: max(0, length - suffix), upper: length - 1))
        }
        guard let lower = Int(parts[0]), lower >= 0 else { return .whole }
        guard lower < length else { return .unsatisfiable }
        let upper = parts[1].isEmpty ? length - 1 : Int(parts[1]).map { min($0, length - 1) }
        guard let upper, upper >= lower else { return .whole }
        return .partial(ByteRange(lower: lower, upper: upper))
    }
}
