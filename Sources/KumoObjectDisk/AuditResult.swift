/// What is wrong with a `.data` file.
public enum AuditProblem: Sendable, Equatable, CustomStringConvertible {
    /// Its metadata is missing, cannot be decoded, or lacks the ETag.
    case unreadableMetadata(String)
    /// Its size differs from its Content-Length.
    case sizeMismatch(expected: Int, actual: Int)
    /// The MD5 of its content differs from its ETag.
    case etagMismatch(expected: String, actual: String)

    public var description: String {
        switch self {
        case .unreadableMetadata(let reason): "unreadable metadata: \(reason)"
        case .sizeMismatch(let expected, let actual): "\(actual) bytes, Content-Length \(expected)"
        case .etagMismatch(let expected, let actual): "MD5 \(actual), ETag \(expected)"
        }
    }
}

/// What auditing one object found.
public enum AuditResult: Sendable, Equatable {
    /// The `.data` matches its metadata; this many bytes were read.
    case passed(bytes: Int)
    /// No `.data` to check (missing or deleted), or it was replaced while being checked.
    case noData
    /// The `.data` was damaged: its hash directory was moved to `path` under `quarantined/objects/`.
    case quarantined(AuditProblem, path: String)
}
