import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ObjectDevice {
    /// The hash of each suffix of a partition, what replicators compare to find the suffixes whose
    /// objects differ: the MD5 of, for each hash directory in ascending order, its hash followed by
    /// its current file names ascending, once obsolete files (and tombstones older than
    /// `reclaimAge`) are removed. Empty hash and suffix directories are removed and omitted.
    ///
    /// Cached in `hashes.json`, like Swift's `hashes.pkl`: only suffixes changed since (recorded in
    /// `hashes.invalid` by every write, delete and quarantine), those in `recalculate` (e.g. just
    /// synced) and all of them when there is no usable cache are computed again. Calls for one
    /// partition run one at a time.
    public func suffixHashes(partition: Int, recalculate: [String] = [], reclaimAge: Duration)
        throws(ObjectDiskError) -> [String: String]
    {
        let partitionPath = try partitionPath(partition)
        for suffix in recalculate where !Self.isHex(suffix, count: 3) { throw .invalidSuffix(suffix) }
        let hashes = try FileSystem.withLockedDirectory(partitionPath) {
            (_) throws(ObjectDiskError) -> [String: String] in
            let cachePath = partitionPath + "/hashes.json"
            let cache = try readCache(cachePath)
            let full = cache == nil
            var entries = cache ?? SuffixHashCache(hashes: [:], dirty: [])
            // Record the invalidations as dirty in the cache before forgetting them, so a crash
            // while computing loses none.
            try consumeInvalidations(partitionPath + "/hashes.invalid") { (invalidated) throws(ObjectDiskError) in
                entries.dirty = Array(Set(entries.dirty).union(invalidated)).sorted()
                try writeCache(entries, to: cachePath)
            }
            let suffixes = full ? try suffixes(partition: partition) : entries.dirty + recalculate
            guard full || !suffixes.isEmpty else { return entries.hashes }
            let reclaimBefore = ObjectTimestamp.now().advanced(by: .zero - reclaimAge)
            for suffix in Set(suffixes) {
                entries.hashes[suffix] = try hashSuffix(partitionPath + "/" + suffix, reclaimBefore: reclaimBefore)
            }
            entries.dirty = []
            try writeCache(entries, to: cachePath)
            return entries.hashes
        }
        return hashes ?? [:]
    }

    /// Marks a suffix of a partition for rehashing: appends it to `hashes.invalid`.
    func invalidate(partition: Int, suffix: String) throws(ObjectDiskError) {
        let path = try partitionPath(partition) + "/hashes.invalid"
        let fd = try FileSystem.openFile(path, O_WRONLY | O_APPEND | O_CREAT)
        defer { close(fd) }
        try FileSystem.lockFile(fd, path: path)
        try FileSystem.writeAll(fd, Array((suffix + "\n").utf8), path: path)
    }

    /// Hands the suffixes in `hashes.invalid` to `record`, then empties the file, under its lock.
    private func consumeInvalidations(_ path: String, _ record: (Set<String>) throws(ObjectDiskError) -> Void)
        throws(ObjectDiskError)
    {
        let fd = try FileSystem.openFile(path, O_RDWR | O_CREAT)
        defer { close(fd) }
        try FileSystem.lockFile(fd, path: path)
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try FileSystem.readFile(fd, into: &chunk, at: contents.count, path: path)
            contents += chunk[..<count]
            if count < chunk.count { break }
        }
        guard !contents.isEmpty else { return }
        let suffixes = String(decoding: contents, as: UTF8.self).split(separator: "\n").map(String.init)
        try record(Set(suffixes.filter { Self.isHex($0, count: 3) }))
        guard ftruncate(fd, 0) == 0 else { throw .failure(path, "truncate") }
    }

    /// The hash of one suffix directory after cleaning up each hash directory in it, or `nil` if it
    /// holds no object (it is then removed).
    private func hashSuffix(_ suffixPath: String, reclaimBefore: ObjectTimestamp) throws(ObjectDiskError) -> String? {
        let suffix = String(suffixPath.suffix(3))
        let names = (try FileSystem.listDirectory(suffixPath) ?? []).filter {
            Self.isHex($0, count: 32) && Self.suffix(of: $0) == suffix
        }
        var md5 = Insecure.MD5()
        var empty = true
        for hash in names.sorted() {
            let files = try cleanUp(suffixPath + "/" + hash, reclaimBefore: reclaimBefore)
            guard !files.isEmpty else { continue }
            empty = false
            md5.update(data: Array(hash.utf8))
            for file in files { md5.update(data: Array(file.description.utf8)) }
        }
        if empty, try FileSystem.removeDirectory(suffixPath) { return nil }
        return hex(md5.finalize())
    }

    /// Removes the obsolete files of a hash directory, and the directory once it holds nothing;
    /// returns the current files.
    private func cleanUp(_ hashPath: String, reclaimBefore: ObjectTimestamp) throws(ObjectDiskError) -> [ObjectFileName]
    {
        try FileSystem.withLockedDirectory(hashPath) { (_) throws(ObjectDiskError) -> [ObjectFileName] in
            let state = HashDirectoryState(
                names: try FileSystem.listDirectory(hashPath) ?? [], reclaimBefore: reclaimBefore)
            for file in state.obsolete { try FileSystem.removeFile(hashPath + "/" + file.description) }
            if state.current.isEmpty, !state.hasForeignNames { _ = try FileSystem.removeDirectory(hashPath) }
            return state.current
        } ?? []
    }

    private func readCache(_ path: String) throws(ObjectDiskError) -> SuffixHashCache? {
        guard let fd = try FileSystem.openIfPresent(path) else { return nil }
        defer { close(fd) }
        let size = try FileSystem.size(of: fd, path: path)
        var bytes = [UInt8](repeating: 0, count: size)
        let count = try FileSystem.readFile(fd, into: &bytes, at: 0, path: path)
        // A damaged cache is only a cache: compute everything again.
        return try? JSONDecoder().decode(SuffixHashCache.self, from: Data(bytes[..<count]))
    }

    /// Replaces the cache atomically (temporary file in `tmp/`, synced, renamed).
    private func writeCache(_ cache: SuffixHashCache, to path: String) throws(ObjectDiskError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json: Data
        do {
            json = try encoder.encode(cache)
        } catch {
            throw .invalidMetadata(path: path, reason: "\(error)")
        }
        let temporary = temporaryPath + "/hashes-" + String(UInt64.random(in: .min ... .max), radix: 16) + ".json"
        let fd = try FileSystem.openFile(temporary, O_WRONLY | O_CREAT | O_EXCL)
        do {
            try FileSystem.writeAll(fd, Array(json), path: temporary)
            try FileSystem.syncFile(fd, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        do {
            try FileSystem.renameFile(temporary, path)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}

/// The content of `hashes.json`: suffix hashes, and the suffixes changed since they were computed.
struct SuffixHashCache: Codable, Equatable {
    var hashes: [String: String]
    var dirty: [String]
}
