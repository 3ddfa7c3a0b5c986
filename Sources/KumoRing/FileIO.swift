import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file on disk: a rename-based rewrite changes the inode, an
/// in-place one the size or modification time.
struct FileSignature: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
    }
}

/// Whole-file reads and crash-safe whole-file writes.
enum FileIO {
    static func signature(of path: String) throws(RingError) -> FileSignature {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ioError(path, "stat") }
        return FileSignature(info)
    }

    /// The file's bytes and the signature of exactly the version read.
    static func contents(of path: String) throws(RingError) -> (bytes: [UInt8], signature: FileSignature) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(path, "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError(path, "stat") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw ioError(path, "read")
            }
        }
        return (bytes, FileSignature(info))
    }

    /// Writes to a temporary file beside `path`, syncs it, renames it over `path` and syncs the
    /// directory, so readers and crashes see either the old file or the whole new one.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(RingError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(temporary, "create") }
        var failure: RingError?
        var written = 0
        while failure == nil, written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result > 0 {
                written += result
            } else if result < 0, errno != EINTR {
                failure = ioError(temporary, "write")
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = ioError(temporary, "fsync") }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = ioError(path, "rename into place") }
        if let failure {
            unlink(temporary)
            throw failure
        }
        try syncDirectory(directory.isEmpty ? "." : directory)
    }

    private static func syncDirectory(_ directory: String) throws(RingError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(directory, "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ioError(directory, "fsync directory") }
    }

    private static func ioError(_ path: String, _ operation: String) -> RingError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
