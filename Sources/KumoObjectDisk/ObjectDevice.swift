#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One storage device of an object server: a directory, normally a mounted disk, that keeps objects
/// the way OpenStack Swift does:
///
///     <root>/objects/<partition>/<suffix>/<hash>/<timestamp>.data | .ts | .meta
///     <root>/objects/<partition>/hashes.json       suffix hashes cache
///     <root>/objects/<partition>/hashes.invalid    suffixes changed since, one a line
///     <root>/tmp/                                  files being written
///     <root>/quarantined/objects/<hash>-<random>/  damaged hash directories
///
/// `hash` is the MD5 of the object's path that the ring gives (32 lowercase hex digits) and the
/// suffix its last 3 digits. Each file's metadata is in its extended attributes
/// (see `ObjectMetadata`). The newest `.data` or `.ts` wins; a newer `.meta` adds a POST's metadata.
///
/// Every call is blocking file I/O bounded by one object or one partition: run them on a thread
/// pool. Calls from several threads or processes may run at once (hash and partition directories
/// are locked with `flock` where it matters).
public struct ObjectDevice: Sendable {
    public let root: String

    /// Opens a device, creating `objects/` and `tmp/` under `root` (which must exist), after checking
    /// that its file system supports user extended attributes.
    public init(root: String) throws(ObjectDiskError) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        var status = stat()
        guard stat(self.root, &status) == 0 else { throw .failure(self.root, "open device") }
        try FileSystem.createDirectories([objectsPath])
        try FileSystem.createDirectories([temporaryPath])
        try Self.checkExtendedAttributes(in: temporaryPath)
    }

    /// Throws `extendedAttributesUnsupported` naming `directory` unless its file system supports
    /// `user.*` extended attributes (ext4, XFS and tmpfs do).
    public static func checkExtendedAttributes(in directory: String) throws(ObjectDiskError) {
        try ExtendedAttributes.checkSupport(in: directory)
    }

    var objectsPath: String { root + "/objects" }
    var temporaryPath: String { root + "/tmp" }
    /// Where `quarantine` moves hash directories.
    public var quarantinePath: String { root + "/quarantined/objects" }

    func partitionPath(_ partition: Int) throws(ObjectDiskError) -> String {
        guard partition >= 0 else { throw .invalidPartition(partition) }
        return objectsPath + "/" + String(partition)
    }

    func suffixPath(_ partition: Int, _ suffix: String) throws(ObjectDiskError) -> String {
        guard Self.isHex(suffix, count: 3) else { throw .invalidSuffix(suffix) }
        return try partitionPath(partition) + "/" + suffix
    }

    func hashPath(_ partition: Int, _ hash: String) throws(ObjectDiskError) -> String {
        guard Self.isHex(hash, count: 32) else { throw .invalidHash(hash) }
        return try suffixPath(partition, Self.suffix(of: hash)) + "/" + hash
    }

    static func suffix(of hash: String) -> String { String(hash.suffix(3)) }

    static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
