#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls of the disk layer, with `errno` turned into `ObjectDiskError`.
enum FileSystem {
    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(ObjectDiskError) -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            guard errno == EINTR else { throw .failure(path, "open") }
        }
    }

    /// Opens `path` for reading, or `nil` if it does not exist.
    static func openIfPresent(_ path: String, _ flags: Int32 = O_RDONLY) throws(ObjectDiskError) -> Int32? {
        do {
            return try openFile(path, flags)
        } catch .io(_, _, ENOENT) {
            return nil
        }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(ObjectDiskError) {
        var written = 0
        while written < buffer.count {
            let result = write(fd, buffer.baseAddress! + written, buffer.count - written)
            if result > 0 {
                written += result
            } else if result < 0, errno != EINTR {
                throw .failure(path, "write")
            }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ObjectDiskError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(ObjectDiskError) in try writeAll(fd, buffer, path: path) }
        }.get()
    }

    /// Reads up to `buffer.count` bytes at `offset`, fewer only at the end of the file.
    static func readFile(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String)
        throws(ObjectDiskError) -> Int
    {
        var count = 0
        while count < buffer.count {
            let result = pread(fd, buffer.baseAddress! + count, buffer.count - count, off_t(offset + count))
            if result > 0 {
                count += result
            } else if result == 0 {
                break
            } else if errno != EINTR {
                throw .failure(path, "read")
            }
        }
        return count
    }

    /// Reads up to `bytes.count` bytes at `offset` into `bytes`; fewer only at the end of the file.
    static func readFile(_ fd: Int32, into bytes: inout [UInt8], at offset: Int, path: String)
        throws(ObjectDiskError) -> Int
    {
        try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(ObjectDiskError) in try readFile(fd, into: buffer, at: offset, path: path) }
        }.get()
    }

    static func size(of fd: Int32, path: String) throws(ObjectDiskError) -> Int {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .failure(path, "stat") }
        return Int(status.st_size)
    }

    static func syncFile(_ fd: Int32, path: String) throws(ObjectDiskError) {
        guard fsync(fd) == 0 else { throw .failure(path, "fsync") }
    }

    static func syncDirectory(_ path: String) throws(ObjectDiskError) {
        let fd = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try syncFile(fd, path: path)
    }

    static func renameFile(_ source: String, _ destination: String) throws(ObjectDiskError) {
        guard rename(source, destination) == 0 else { throw .failure(source, "rename to \(destination)") }
    }

    /// Removes a file; one already gone is fine.
    static func removeFile(_ path: String) throws(ObjectDiskError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .failure(path, "remove") }
    }

    /// Removes an empty directory. Returns false when it is not empty; one already gone counts as removed.
    static func removeDirectory(_ path: String) throws(ObjectDiskError) -> Bool {
        if rmdir(path) == 0 || errno == ENOENT { return true }
        guard errno == ENOTEMPTY || errno == EEXIST else { throw .failure(path, "remove directory") }
        return false
    }

    /// The names in a directory (without `.` and `..`), or `nil` if it does not exist.
    static func listDirectory(_ path: String) throws(ObjectDiskError) -> [String]? {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return nil }
            throw .failure(path, "list")
        }
        defer { closedir(directory) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        guard errno == 0 else { throw .failure(path, "list") }
        return names
    }

    /// Creates each missing directory of `paths` (each a child of the one before; the parent of the
    /// first must exist) and syncs its parent so the new entry is durable. Starts over when a directory
    /// is removed meanwhile (cleanup removes empty ones).
    static func createDirectories(_ paths: [String]) throws(ObjectDiskError) {
        var attempts = 0
        var index = 0
        while index < paths.count {
            let path = paths[index]
            if mkdir(path, 0o755) == 0 {
                try syncDirectory(parent(of: path))
            } else if errno == ENOENT, index > 0, attempts < 3 {
                attempts += 1
                index = 0
                continue
            } else if errno != EEXIST {
                throw .failure(path, "create directory")
            }
            index += 1
        }
    }

    /// Runs `body` with an exclusive `flock` on the directory at `path` and its open descriptor.
    /// Returns `nil` without running it if the directory does not exist, or was removed or replaced
    /// while waiting for the lock.
    static func withLockedDirectory<Result>(
        _ path: String, _ body: (Int32) throws(ObjectDiskError) -> Result
    ) throws(ObjectDiskError) -> Result? {
        guard let fd = try openIfPresent(path, O_RDONLY | O_DIRECTORY) else { return nil }
        defer { close(fd) }
        try lockFile(fd, path: path)
        var locked = stat()
        var current = stat()
        guard fstat(fd, &locked) == 0 else { throw .failure(path, "stat") }
        guard stat(path, &current) == 0 else {
            if errno == ENOENT { return nil }
            throw .failure(path, "stat")
        }
        guard locked.st_ino == current.st_ino, locked.st_dev == current.st_dev else { return nil }
        return try body(fd)
    }

    static func lockFile(_ fd: Int32, path: String) throws(ObjectDiskError) {
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .failure(path, "lock") }
        }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
