#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the object disk layer. Every case that touches the disk names the path.
public enum ObjectDiskError: Error, Equatable, Sendable {
    /// A file system call failed with `errno`.
    case io(path: String, operation: String, errno: Int32)
    /// The device is out of space (or quota): the object server answers 507.
    case insufficientStorage(path: String)
    /// The file system at `path` does not support `user.*` extended attributes, where metadata lives.
    case extendedAttributesUnsupported(path: String, reason: String)
    /// A hash that is not the 32 lowercase hex digits of an MD5.
    case invalidHash(String)
    /// A suffix that is not 3 lowercase hex digits.
    case invalidSuffix(String)
    /// A negative partition number.
    case invalidPartition(Int)
    /// The bytes written differ from the Content-Length the caller expected.
    case lengthMismatch(expected: Int, actual: Int)
    /// The MD5 of the bytes written differs from the ETag the caller expected.
    case etagMismatch(expected: String, actual: String)
    /// The encoded metadata is larger than the limit or than the file system's attribute space.
    case metadataTooLarge(path: String, bytes: Int, reason: String)
    /// Metadata that cannot be encoded, or a file whose metadata is missing or unreadable.
    case invalidMetadata(path: String, reason: String)
    /// Bytes written to a writer for a tombstone or a `.meta` file, which hold metadata only.
    case contentNotAllowed(kind: ObjectFileKind)
    /// A write, commit or abort after the writer was committed or aborted.
    case writerFinished(path: String)
    /// A byte range outside the object.
    case invalidRange(lowerBound: Int, upperBound: Int, contentLength: Int)
    /// A named file that is not (or no longer) in the hash directory.
    case fileNotFound(path: String)
    /// A read found the data file damaged; the object was quarantined.
    case corruptObject(path: String, problem: AuditProblem)
}

extension ObjectDiskError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .insufficientStorage(let path): "no space left on the device for \(path)"
        case .extendedAttributesUnsupported(let path, let reason):
            "the file system at \(path) does not support user extended attributes (\(reason)); "
                + "object metadata needs them (use ext4 or XFS)"
        case .invalidHash(let hash): "\(hash) is not a 32-digit lowercase hex object hash"
        case .invalidSuffix(let suffix): "\(suffix) is not a 3-digit lowercase hex suffix"
        case .invalidPartition(let partition): "partition \(partition) is negative"
        case .lengthMismatch(let expected, let actual):
            "received \(actual) bytes but Content-Length was \(expected)"
        case .etagMismatch(let expected, let actual): "received data has MD5 \(actual) but ETag was \(expected)"
        case .metadataTooLarge(let path, let bytes, let reason): "metadata of \(bytes) bytes for \(path): \(reason)"
        case .invalidMetadata(let path, let reason): "metadata of \(path): \(reason)"
        case .contentNotAllowed(let kind): "a .\(kind.rawValue) file holds metadata only, not content"
        case .writerFinished(let path): "the writer of \(path) was already committed or aborted"
        case .invalidRange(let lower, let upper, let length):
            "byte range \(lower)..<\(upper) is outside an object of \(length) bytes"
        case .fileNotFound(let path): "\(path) does not exist"
        case .corruptObject(let path, let problem): "\(path) is corrupt (\(problem)) and was quarantined"
        }
    }

    /// The error for a failed call, read from `errno`; out-of-space codes become `insufficientStorage`.
    static func failure(_ path: String, _ operation: String, errno code: Int32 = errno) -> ObjectDiskError {
        code == ENOSPC || code == EDQUOT
            ? .insufficientStorage(path: path) : .io(path: path, operation: operation, errno: code)
    }
}
