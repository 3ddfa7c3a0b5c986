import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ObjectDevice {
    /// Starts a file of an object: the content of a PUT (a `.data`, the default), or a `.ts` or
    /// `.meta` a replicator pushes. `expectedLength` reserves the space up front, so a full device
    /// fails now with `insufficientStorage` rather than after the upload.
    public func createWriter(
        partition: Int, hash: String, kind: ObjectFileKind = .data, expectedLength: Int? = nil
    ) throws(ObjectDiskError) -> ObjectWriter {
        try ObjectWriter(device: self, partition: partition, hash: hash, kind: kind, expectedLength: expectedLength)
    }

    /// Removes temporary files older than `age` left in `tmp/` by writers that died; returns how many.
    @discardableResult
    public func removeStaleTemporaryFiles(olderThan age: Duration) throws(ObjectDiskError) -> Int {
        let cutoff = Int(Date().timeIntervalSince1970) - Int(age.components.seconds)
        var removed = 0
        for name in try FileSystem.listDirectory(temporaryPath) ?? [] {
            let path = temporaryPath + "/" + name
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            if status.st_mtim.tv_sec < cutoff {
                try FileSystem.removeFile(path)
                removed += 1
            }
        }
        return removed
    }

    /// Writes a tombstone for a DELETE (or a replicated one) unless a file at least as new is there,
    /// and removes the older files. The tombstone holds the name and timestamp.
    public func delete(partition: Int, hash: String, name: String, timestamp: ObjectTimestamp)
        throws(ObjectDiskError) -> CommitOutcome
    {
        try createWriter(partition: partition, hash: hash, kind: .tombstone)
            .commit(metadata: ObjectMetadata(name: name, timestamp: timestamp))
    }

    /// Writes a `.meta` for a POST at `metadata.timestamp`: it replaces the user metadata and, if it
    /// has one, the content type of the `.data`, which must exist and be older (else `noData` or
    /// `superseded`). Content length and ETag stay those of the `.data`.
    public func post(partition: Int, hash: String, metadata: ObjectMetadata) throws(ObjectDiskError) -> CommitOutcome {
        try createWriter(partition: partition, hash: hash, kind: .meta).commit(metadata: metadata)
    }

    /// Renames a synced temporary file into the hash directory as `file` unless refused (see
    /// `HashDirectoryState.refusal`), under the directory's lock: syncs the directory, removes the
    /// files the new one makes obsolete and marks the suffix for rehashing. Creates the directories
    /// for a `.data` or `.ts`, syncing their parents. Removes the temporary file when refused.
    func install(
        _ temporary: String, as file: ObjectFileName, partition: Int, hash: String, metadata: ObjectMetadata
    ) throws(ObjectDiskError) -> CommitOutcome {
        let hashPath = try hashPath(partition, hash)
        let suffixPath = FileSystem.parent(of: hashPath)
        for _ in 0..<3 {
            if file.kind != .meta {
                try FileSystem.createDirectories([FileSystem.parent(of: suffixPath), suffixPath, hashPath])
            }
            let outcome = try FileSystem.withLockedDirectory(hashPath) {
                (fd) throws(ObjectDiskError) -> CommitOutcome in
                let state = HashDirectoryState(names: try FileSystem.listDirectory(hashPath) ?? [])
                if let refusal = state.refusal(of: file) {
                    try FileSystem.removeFile(temporary)
                    return refusal
                }
                try FileSystem.renameFile(temporary, hashPath + "/" + file.description)
                try FileSystem.syncFile(fd, path: hashPath)
                for obsolete in state.adding(file).obsolete {
                    try FileSystem.removeFile(hashPath + "/" + obsolete.description)
                }
                return .committed(metadata)
            }
            guard let outcome else {
                // A missing directory has no `.data` for a `.meta`; otherwise it was removed by a
                // cleanup or quarantined meanwhile: create it again.
                guard file.kind != .meta else {
                    try FileSystem.removeFile(temporary)
                    return .noData(deletedAt: nil)
                }
                continue
            }
            if outcome.isCommitted { try invalidate(partition: partition, suffix: Self.suffix(of: hash)) }
            return outcome
        }
        throw .io(path: hashPath, operation: "lock", errno: ENOENT)
    }
}
