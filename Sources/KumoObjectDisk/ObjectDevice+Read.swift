#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ObjectDevice {
    /// The object's state and, if it exists, a reader of its `.data` with the current `.meta`
    /// applied. An object whose `.data` size differs from its Content-Length, or whose `.data` or
    /// `.meta` metadata is unreadable, is quarantined and reported `notFound`, as Swift does.
    public func open(partition: Int, hash: String) throws(ObjectDiskError) -> ObjectLookup {
        let hashPath = try hashPath(partition, hash)
        // A concurrent write may remove the files listed before they are opened: list again.
        for _ in 0..<3 {
            let state = HashDirectoryState(names: try FileSystem.listDirectory(hashPath) ?? [])
            guard let base = state.base else { return .notFound }
            guard base.kind == .data else { return .deleted(base.timestamp) }
            if let lookup = try openData(base, meta: state.meta, partition: partition, hash: hash, in: hashPath) {
                return lookup
            }
        }
        throw .io(path: hashPath, operation: "open", errno: EAGAIN)
    }

    /// A reader of one current file with its own metadata, for a replicator to push it with
    /// `createWriter(partition:hash:kind:)`. Reading a `.data` to the end verifies its MD5.
    public func openFile(partition: Int, hash: String, file: ObjectFileName) throws(ObjectDiskError) -> ObjectReader {
        let path = try hashPath(partition, hash) + "/" + file.description
        guard let fd = try FileSystem.openIfPresent(path) else { throw .fileNotFound(path: path) }
        do {
            let metadata = try ExtendedAttributes.readMetadata(from: fd, path: path)
            return ObjectReader(
                fd: fd, path: path, file: file, metadata: metadata, metaFile: nil,
                contentLength: try FileSystem.size(of: fd, path: path), device: self, partition: partition, hash: hash)
        } catch {
            close(fd)
            throw error
        }
    }

    /// `nil` when a file listed is gone.
    private func openData(
        _ data: ObjectFileName, meta: ObjectFileName?, partition: Int, hash: String, in hashPath: String
    ) throws(ObjectDiskError) -> ObjectLookup? {
        let path = hashPath + "/" + data.description
        guard let fd = try FileSystem.openIfPresent(path) else { return nil }
        var owned = true
        defer { if owned { close(fd) } }
        do {
            var metadata = try ExtendedAttributes.readMetadata(from: fd, path: path)
            let size = try FileSystem.size(of: fd, path: path)
            if metadata.etag != nil, metadata.contentLength == size {
                if let meta {
                    let metaPath = hashPath + "/" + meta.description
                    guard let metaFD = try FileSystem.openIfPresent(metaPath) else { return nil }
                    defer { close(metaFD) }
                    metadata = metadata.applying(try ExtendedAttributes.readMetadata(from: metaFD, path: metaPath))
                }
                owned = false
                return .found(
                    ObjectReader(
                        fd: fd, path: path, file: data, metadata: metadata, metaFile: meta, contentLength: size,
                        device: self, partition: partition, hash: hash))
            }
        } catch .invalidMetadata {
            // Damaged like a size mismatch: quarantined below.
        }
        try quarantine(partition: partition, hash: hash, ifHolding: data)
        return .notFound
    }
}
