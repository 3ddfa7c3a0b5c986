import Foundation
import NIOCore
import NIOPosix

/// A file the transfers read or write chunk by chunk on NIO's thread pool, off the cooperative pool;
/// closed with its last reference.
public final class OpenFile: Sendable {
    let descriptor: Int32
    /// The path, for messages.
    let path: String
    private let owned: Bool

    private init(descriptor: Int32, path: String, owned: Bool) {
        self.descriptor = descriptor
        self.path = path
        self.owned = owned
    }

    deinit {
        if owned { close(descriptor) }
    }

    /// Standard output, left open.
    static let standardOutput = OpenFile(descriptor: STDOUT_FILENO, path: "standard output", owned: false)

    /// Opens the regular file `path` for reading.
    static func reading(_ path: String) throws -> OpenFile {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw failure("read", path) }
        return OpenFile(descriptor: descriptor, path: path, owned: true)
    }

    /// Creates `path`, which must not exist yet, for writing.
    static func creating(_ path: String) throws -> OpenFile {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("create", path) }
        return OpenFile(descriptor: descriptor, path: path, owned: true)
    }

    /// The file's size now.
    func size() throws -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure("stat", path) }
        return Int(status.st_size)
    }

    /// `count` bytes from `offset`, fewer only where the file ends.
    func read(at offset: Int, count: Int) async throws -> ByteBuffer {
        try await NIOThreadPool.singleton.runIfActive { [descriptor, path] in
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            while buffer.readableBytes < count {
                let (wanted, position) = (count - buffer.readableBytes, off_t(offset + buffer.readableBytes))
                var read = 0
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) {
                    read = pread(descriptor, $0.baseAddress, wanted, position)
                    return max(read, 0)
                }
                if read == 0 { break }
                if read < 0, errno != EINTR { throw Self.failure("read", path) }
            }
            return buffer
        }
    }

    /// Writes all of `buffer` at the current position.
    func append(_ buffer: ByteBuffer) async throws {
        try await NIOThreadPool.singleton.runIfActive { [descriptor, path] in
            var buffer = buffer
            while buffer.readableBytes > 0 {
                let written = buffer.withUnsafeReadableBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written < 0, errno != EINTR { throw Self.failure("write", path) }
                buffer.moveReaderIndex(forwardBy: max(written, 0))
            }
        }
    }

    private static func failure(_ action: String, _ path: String) -> CLIError {
        CLIError("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
