/// What an on-disk file of an object holds, named by its extension.
public enum ObjectFileKind: String, Sendable, Hashable, CaseIterable {
    /// `.data`: the content, with the full metadata.
    case data
    /// `.ts`: a tombstone left by a DELETE, with the name metadata.
    case tombstone = "ts"
    /// `.meta`: the metadata of a POST, which applies to an older `.data`.
    case meta
}

/// The name of a file in a hash directory: `<normalized timestamp>.<extension>`, e.g.
/// `1700000000.12345.data`. Ordered by timestamp, then `.data` < `.meta` < `.ts`, so at an equal
/// timestamp a tombstone wins.
public struct ObjectFileName: Sendable, Hashable, Comparable, LosslessStringConvertible {
    public let timestamp: ObjectTimestamp
    public let kind: ObjectFileKind

    public init(timestamp: ObjectTimestamp, kind: ObjectFileKind) {
        self.timestamp = timestamp
        self.kind = kind
    }

    /// `nil` unless `name` is exactly a normalized timestamp, a dot and a known extension.
    public init?(_ name: String) {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")),
            let kind = ObjectFileKind(rawValue: String(name[name.index(after: dot)...])),
            let timestamp = ObjectTimestamp(String(name[..<dot]))
        else { return nil }
        self.init(timestamp: timestamp, kind: kind)
        guard description == name else { return nil }
    }

    public var description: String { "\(timestamp).\(kind.rawValue)" }

    public static func < (lhs: ObjectFileName, rhs: ObjectFileName) -> Bool {
        lhs.timestamp != rhs.timestamp ? lhs.timestamp < rhs.timestamp : lhs.kind.rank < rhs.kind.rank
    }
}

extension ObjectFileKind {
    fileprivate var rank: Int {
        switch self {
        case .data: 0
        case .meta: 1
        case .tombstone: 2
        }
    }
}
