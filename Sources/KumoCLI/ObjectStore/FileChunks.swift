import NIOCore

/// A byte range of a file as an async sequence of buffers, one chunk read per demand (so a slow
/// upload slows the reading): the streamed body of an upload. `onChunk` sees each chunk as it goes.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    static let chunkSize = 256 * 1024

    let file: OpenFile
    let range: Range<Int>
    let onChunk: @Sendable (ByteBuffer) -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: FileChunks
        var offset: Int

        mutating func next() async throws -> ByteBuffer? {
            guard offset < chunks.range.upperBound else { return nil }
            let count = Swift.min(FileChunks.chunkSize, chunks.range.upperBound - offset)
            let buffer = try await chunks.file.read(at: offset, count: count)
            guard buffer.readableBytes == count else { throw CLIError("\(chunks.file.path) shrank while it was read") }
            offset += count
            chunks.onChunk(buffer)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: self, offset: range.lowerBound) }
}
