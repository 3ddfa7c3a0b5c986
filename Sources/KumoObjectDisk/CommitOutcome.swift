/// What committing a file to a hash directory did.
public enum CommitOutcome: Sendable, Equatable {
    /// The file is in place, with this metadata (for a `.data`, the counted length and computed ETag).
    case committed(ObjectMetadata)
    /// A file at least as new is there (last write wins); nothing changed. An object server answers
    /// 409 with this timestamp.
    case superseded(by: ObjectTimestamp)
    /// A `.meta` (POST) with no `.data` to apply to: the object is missing, or deleted at the given
    /// tombstone's timestamp; nothing changed.
    case noData(deletedAt: ObjectTimestamp?)

    public var isCommitted: Bool {
        if case .committed = self { return true }
        return false
    }
}
