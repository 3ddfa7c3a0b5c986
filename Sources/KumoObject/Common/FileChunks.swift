import KumoObjectDisk
import NIOCore

/// A file's bytes (or a range of them) as an async sequence of buffers read on the thread pool, one
/// chunk per demand, so a slow receiver slows the reading.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    static let chunkSize = 256 * 1024

    let reader: ObjectReader
    let range: Range<Int>

    init(reader: ObjectReader, range: Range<Int>? = nil) {
        self.reader = reader
        self.range = range ?? 0..<reader.contentLength
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let reader: ObjectReader
        var offset: Int
        let end: Int

        mutating func next() async throws -> ByteBuffer? {
            guard offset < end else { return nil }
            let start = offset
            let count = Swift.min(FileChunks.chunkSize, end - offset)
            let reader = self.reader
            let buffer = try await Blocking.run { () -> ByteBuffer in
                var buffer = ByteBufferAllocator().buffer(capacity: count)
                _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                    try reader.read(at: start, into: UnsafeMutableRawBufferPointer(rebasing: bytes.prefix(count)))
                }
                return buffer
            }
            guard buffer.readableBytes > 0 else { throw ObjectDiskError.fileNotFound(path: reader.path) }
            offset += buffer.readableBytes
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(reader: reader, offset: range.lowerBound, end: range.upperBound) }
}
