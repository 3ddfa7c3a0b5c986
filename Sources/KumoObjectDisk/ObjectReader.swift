import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open file of an object and its metadata. The file stays readable while open even if a newer
/// write or a cleanup removes it; reads are positional, so one reader serves several ranges.
public final class ObjectReader: Sendable {
    /// From `ObjectDevice.open`: the `.data` metadata with the current `.meta` applied. From
    /// `openFile`: that file's own.
    public let metadata: ObjectMetadata
    /// The file read: the `.data` for `open`.
    public let file: ObjectFileName
    /// The `.meta` applied to `metadata`, if any.
    public let metaFile: ObjectFileName?
    /// Bytes in the file (0 for a `.ts` or `.meta`).
    public let contentLength: Int
    public let path: String
    let device: ObjectDevice
    let partition: Int
    let hash: String
    let fd: Int32

    /// Takes ownership of `fd`.
    init(
        fd: Int32, path: String, file: ObjectFileName, metadata: ObjectMetadata, metaFile: ObjectFileName?,
        contentLength: Int, device: ObjectDevice, partition: Int, hash: String
    ) {
        self.fd = fd
        self.path = path
        self.file = file
        self.metadata = metadata
        self.metaFile = metaFile
        self.contentLength = contentLength
        self.device = device
        self.partition = partition
        self.hash = hash
    }

    deinit { close(fd) }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer`; fewer only at the end of the file.
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ObjectDiskError) -> Int {
        try FileSystem.readFile(fd, into: buffer, at: offset, path: path)
    }

    /// The whole content in chunks. Once read to the end, a `.data` whose MD5 differs from its ETag
    /// is quarantined and the last `next()` throws `corruptObject`: the caller must then fail the
    /// response (e.g. close the connection) rather than end it normally.
    public func chunks(chunkSize: Int = ObjectChunks.defaultChunkSize) -> ObjectChunks {
        ObjectChunks(reader: self, range: 0..<contentLength, chunkSize: chunkSize, verifies: file.kind == .data)
    }

    /// The bytes in `range` (resolved by the caller: HTTP `bytes=10-19` is `10..<20`), in chunks.
    public func chunks(in range: Range<Int>, chunkSize: Int = ObjectChunks.defaultChunkSize)
        throws(ObjectDiskError) -> ObjectChunks
    {
        guard range.lowerBound >= 0, range.upperBound <= contentLength else {
            throw .invalidRange(
                lowerBound: range.lowerBound, upperBound: range.upperBound, contentLength: contentLength)
        }
        return ObjectChunks(
            reader: self, range: range, chunkSize: chunkSize,
            verifies: file.kind == .data && range == 0..<contentLength)
    }

    /// Quarantines the object if this file is still in it, and the error to report.
    func corrupt(_ problem: AuditProblem) -> ObjectDiskError {
        do {
            try device.quarantine(partition: partition, hash: hash, ifHolding: file)
        } catch {
            return error
        }
        return .corruptObject(path: path, problem: problem)
    }
}

/// A cursor over a byte range of an object file, reading one chunk per `next()`.
public struct ObjectChunks: Sendable {
    public static let defaultChunkSize = 64 * 1024

    public let reader: ObjectReader
    /// Where the next chunk starts.
    public private(set) var offset: Int
    public let endOffset: Int
    public let chunkSize: Int
    private var md5: Insecure.MD5?

    init(reader: ObjectReader, range: Range<Int>, chunkSize: Int, verifies: Bool) {
        self.reader = reader
        offset = range.lowerBound
        endOffset = range.upperBound
        self.chunkSize = max(chunkSize, 1)
        md5 = verifies ? Insecure.MD5() : nil
    }

    /// The next chunk of at most `chunkSize` bytes, or `nil` after the last.
    public mutating func next() throws(ObjectDiskError) -> [UInt8]? {
        guard offset < endOffset else {
            if let md5 {
                self.md5 = nil
                let actual = hex(md5.finalize())
                let expected = reader.metadata.etag ?? ""
                if actual != expected { throw reader.corrupt(.etagMismatch(expected: expected, actual: actual)) }
            }
            return nil
        }
        let count = min(chunkSize, endOffset - offset)
        var chunk = [UInt8](repeating: 0, count: count)
        let read = try FileSystem.readFile(reader.fd, into: &chunk, at: offset, path: reader.path)
        guard read == count else {
            throw reader.corrupt(.sizeMismatch(expected: reader.contentLength, actual: offset + read))
        }
        md5?.update(data: chunk)
        offset += count
        return chunk
    }
}
