/// Which files of a hash directory are current and which are obsolete, Swift's rules without
/// erasure coding:
/// - the newest `.data` or `.ts` is the *base*; every older `.data`, `.ts` and `.meta` is obsolete;
/// - with a `.data` base, the newest `.meta` newer than it is current (a POST), older ones obsolete;
/// - otherwise every `.meta` is obsolete, and a tombstone too once older than the reclaim cutoff.
/// Names that are not object files are neither.
struct HashDirectoryState {
    /// Ascending.
    private(set) var current: [ObjectFileName] = []
    private(set) var obsolete: [ObjectFileName] = []
    /// Whether the directory holds names that are not object files.
    let hasForeignNames: Bool
    private(set) var base: ObjectFileName?
    /// The `.meta` that applies to the `.data` base.
    private(set) var meta: ObjectFileName?

    /// - Parameter reclaimBefore: tombstones older than this are obsolete.
    init(names: [String], reclaimBefore: ObjectTimestamp? = nil) {
        let files = names.compactMap(ObjectFileName.init)
        self.init(files: files, hasForeignNames: files.count != names.count, reclaimBefore: reclaimBefore)
    }

    private init(files: [ObjectFileName], hasForeignNames: Bool, reclaimBefore: ObjectTimestamp?) {
        self.hasForeignNames = hasForeignNames
        let newestFirst = files.sorted(by: >)
        if let newest = newestFirst.first(where: { $0.kind != .meta }) {
            if newest.kind == .data {
                base = newest
                meta = newestFirst.first { $0.kind == .meta && $0.timestamp > newest.timestamp }
            } else if reclaimBefore.map({ newest.timestamp >= $0 }) ?? true {
                base = newest
            }
        }
        current = [base, meta].compactMap { $0 }.sorted()
        obsolete = newestFirst.filter { !current.contains($0) }
    }

    /// The state after `file` is added.
    func adding(_ file: ObjectFileName) -> HashDirectoryState {
        HashDirectoryState(files: current + obsolete + [file], hasForeignNames: hasForeignNames, reclaimBefore: nil)
    }

    /// Why `file` may not be added, or `nil` if it may. A `.data` or `.ts` needs the base to be older
    /// (a newer `.meta` then applies to a new `.data`, as in Swift); a `.meta` needs a `.data` base
    /// and a current `.meta`, if any, to be older.
    func refusal(of file: ObjectFileName) -> CommitOutcome? {
        if file.kind == .meta {
            guard let base else { return .noData(deletedAt: nil) }
            guard base.kind == .data else { return .noData(deletedAt: base.timestamp) }
        }
        let newest = file.kind == .meta ? [base, meta].compactMap({ $0 }).max() : base
        if let newest, newest.timestamp >= file.timestamp { return .superseded(by: newest.timestamp) }
        return nil
    }
}
