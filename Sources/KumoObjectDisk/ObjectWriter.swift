import Crypto
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one file of an object: content streamed in chunks to a temporary file, then `commit`
/// installs it in the hash directory, durably, unless a newer file is already there.
///
/// For a PUT the file is a `.data`; a replicator pushing a file it has uses the same writer for a
/// `.data` (with the source's metadata, whose length and ETag are then checked), `.ts` or `.meta`.
/// A writer neither committed nor aborted removes its temporary file when released.
public final class ObjectWriter: Sendable {
    public let partition: Int
    public let hash: String
    public let kind: ObjectFileKind
    /// The temporary file, in the device's `tmp/`.
    public let temporaryPath: String
    private let device: ObjectDevice
    private let state: Mutex<State>

    /// Content is flushed to disk every this many bytes, so the final sync stays short and the page
    /// cache does not fill with a large object.
    static let bytesPerSync = 64 << 20

    private struct State {
        var fd: Int32?
        var md5 = Insecure.MD5()
        var bytesWritten = 0
        var unsyncedBytes = 0
        var preallocated = false
    }

    init(device: ObjectDevice, partition: Int, hash: String, kind: ObjectFileKind, expectedLength: Int?)
        throws(ObjectDiskError)
    {
        _ = try device.hashPath(partition, hash)
        self.device = device
        self.partition = partition
        self.hash = hash
        self.kind = kind
        temporaryPath =
            device.temporaryPath + "/" + String(UInt64.random(in: .min ... .max), radix: 16) + "." + kind.rawValue
        let fd = try FileSystem.openFile(temporaryPath, O_WRONLY | O_CREAT | O_EXCL)
        var state = State(fd: fd)
        #if canImport(Glibc)
        if let expectedLength, expectedLength > 0 {
            let result = posix_fallocate(fd, 0, off_t(expectedLength))
            if result == ENOSPC || result == EDQUOT {
                close(fd)
                unlink(temporaryPath)
                throw .insufficientStorage(path: temporaryPath)
            }
            state.preallocated = result == 0
        }
        #endif
        self.state = Mutex(state)
    }

    /// Bytes written so far.
    public var bytesWritten: Int { state.withLock { $0.bytesWritten } }

    /// Appends a chunk of content. Only a `.data` writer takes content.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(ObjectDiskError) {
        try state.withLock { (state) throws(ObjectDiskError) in
            guard let fd = state.fd else { throw .writerFinished(path: temporaryPath) }
            guard kind == .data || chunk.isEmpty else { throw .contentNotAllowed(kind: kind) }
            guard !chunk.isEmpty else { return }
            try FileSystem.writeAll(fd, chunk, path: temporaryPath)
            state.md5.update(bufferPointer: chunk)
            state.bytesWritten += chunk.count
            state.unsyncedBytes += chunk.count
            if state.unsyncedBytes >= Self.bytesPerSync {
                try flush(fd)
                state.unsyncedBytes = 0
            }
        }
    }

    /// Appends a chunk of content, copying it first if its storage is not contiguous.
    public func write(_ bytes: some Collection<UInt8>) throws(ObjectDiskError) {
        let written = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(ObjectDiskError) in try write(UnsafeRawBufferPointer(buffer)) }
        }
        guard let written else { return try write(Array(bytes)) }
        try written.get()
    }

    /// Installs the file as `<metadata.timestamp>.<kind>` in the hash directory.
    ///
    /// For a `.data`, `metadata.contentLength` and `metadata.etag`, when given, must match what was
    /// written (else `lengthMismatch` or `etagMismatch`); the stored metadata has the counted length
    /// and computed MD5. The file is synced, renamed into place, the directory synced, older files
    /// made obsolete removed and the suffix marked for rehashing. If a file at least as new is there
    /// the outcome is `superseded`; a `.meta` needs a `.data` to apply to (else `noData`). In every
    /// case but `committed` the temporary file is gone. A writer commits once.
    public func commit(metadata: ObjectMetadata) throws(ObjectDiskError) -> CommitOutcome {
        try state.withLock { (state) throws(ObjectDiskError) -> CommitOutcome in
            guard let fd = state.fd else { throw .writerFinished(path: temporaryPath) }
            state.fd = nil
            let sealed = Result { () throws(ObjectDiskError) in try seal(fd, state, metadata) }
            close(fd)
            let installed = sealed.flatMap { stored in
                Result { () throws(ObjectDiskError) in
                    try device.install(
                        temporaryPath, as: ObjectFileName(timestamp: stored.timestamp, kind: kind),
                        partition: partition, hash: hash, metadata: stored)
                }
            }
            if case .failure = installed { unlink(temporaryPath) }
            return try installed.get()
        }
    }

    /// Removes the temporary file unless committed. Later writes and commits fail.
    public func abort() {
        state.withLock { state in
            guard let fd = state.fd else { return }
            state.fd = nil
            close(fd)
            unlink(temporaryPath)
        }
    }

    deinit { abort() }

    /// Checks the content against `metadata`, then stores the final metadata and syncs the file.
    private func seal(_ fd: Int32, _ state: State, _ metadata: ObjectMetadata) throws(ObjectDiskError)
        -> ObjectMetadata
    {
        var stored = metadata
        if kind == .data {
            if let expected = metadata.contentLength, expected != state.bytesWritten {
                throw .lengthMismatch(expected: expected, actual: state.bytesWritten)
            }
            let etag = hex(state.md5.finalize())
            if let expected = metadata.etag, expected.lowercased() != etag {
                throw .etagMismatch(expected: expected, actual: etag)
            }
            stored.contentLength = state.bytesWritten
            stored.etag = etag
        }
        if state.preallocated, ftruncate(fd, off_t(state.bytesWritten)) != 0 {
            throw .failure(temporaryPath, "truncate")
        }
        try ExtendedAttributes.writeMetadata(stored, to: fd, path: temporaryPath)
        try FileSystem.syncFile(fd, path: temporaryPath)
        return stored
    }

    private func flush(_ fd: Int32) throws(ObjectDiskError) {
        #if canImport(Glibc)
        guard fdatasync(fd) == 0 else { throw .failure(temporaryPath, "sync") }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        #else
        try FileSystem.syncFile(fd, path: temporaryPath)
        #endif
    }
}

/// Lowercase hex of a digest.
func hex(_ digest: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in digest {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}
