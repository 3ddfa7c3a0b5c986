import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ObjectDevice {
    /// Moves the object's hash directory to `quarantined/objects/<hash>-<random>` so it is no longer
    /// served and replication restores it from another device, and marks its suffix for rehashing.
    /// Returns where it went, or `nil` if there was no such directory.
    @discardableResult
    public func quarantine(partition: Int, hash: String) throws(ObjectDiskError) -> String? {
        try quarantine(partition: partition, hash: hash, ifHolding: nil)
    }

    /// Reads the current `.data` and checks its size and MD5 against its metadata, quarantining the
    /// object if they differ or the metadata is unreadable. The `ObjectAuditor` does the same for
    /// every object at a limited rate.
    public func audit(partition: Int, hash: String) throws(ObjectDiskError) -> AuditResult {
        guard let audit = try DataFileAudit(device: self, partition: partition, hash: hash) else { return .noData }
        while try audit.step() > 0 {}
        return try audit.conclude()
    }

    /// Quarantines unless `file` (the damaged one) is gone meanwhile, e.g. replaced by a newer write.
    @discardableResult
    func quarantine(partition: Int, hash: String, ifHolding file: ObjectFileName?) throws(ObjectDiskError) -> String? {
        let hashPath = try hashPath(partition, hash)
        try FileSystem.createDirectories([FileSystem.parent(of: quarantinePath), quarantinePath])
        let destination = quarantinePath + "/" + hash + "-" + String(UInt64.random(in: .min ... .max), radix: 16)
        let moved = try FileSystem.withLockedDirectory(hashPath) { (_) throws(ObjectDiskError) -> Bool in
            if let file, access(hashPath + "/" + file.description, F_OK) != 0 { return false }
            try FileSystem.renameFile(hashPath, destination)
            try FileSystem.syncDirectory(FileSystem.parent(of: hashPath))
            try FileSystem.syncDirectory(quarantinePath)
            return true
        }
        guard moved == true else { return nil }
        try invalidate(partition: partition, suffix: Self.suffix(of: hash))
        return destination
    }
}

/// An audit of an object's current `.data`, read one chunk per `step()` so a caller can pace it.
final class DataFileAudit {
    let device: ObjectDevice
    let partition: Int
    let hash: String
    let file: ObjectFileName
    let path: String
    private let fd: Int32
    private let metadata: ObjectMetadata?
    private var problem: AuditProblem?
    private var md5 = Insecure.MD5()
    private var buffer = [UInt8](repeating: 0, count: ObjectChunks.defaultChunkSize)
    private(set) var bytesRead = 0
    private var finished = false

    /// `nil` when the object has no `.data`.
    init?(device: ObjectDevice, partition: Int, hash: String) throws(ObjectDiskError) {
        let hashPath = try device.hashPath(partition, hash)
        var opened: (ObjectFileName, Int32)?
        for _ in 0..<3 where opened == nil {
            let state = HashDirectoryState(names: try FileSystem.listDirectory(hashPath) ?? [])
            guard let data = state.base, data.kind == .data else { return nil }
            opened = try FileSystem.openIfPresent(hashPath + "/" + data.description).map { (data, $0) }
        }
        guard let (file, fd) = opened else { return nil }
        self.device = device
        self.partition = partition
        self.hash = hash
        self.file = file
        self.fd = fd
        path = hashPath + "/" + file.description
        do {
            let metadata = try ExtendedAttributes.readMetadata(from: fd, path: path)
            if metadata.etag == nil || metadata.contentLength == nil {
                problem = .unreadableMetadata("no ETag or Content-Length")
            }
            self.metadata = metadata
        } catch .invalidMetadata(_, let reason) {
            metadata = nil
            problem = .unreadableMetadata(reason)
        } catch {
            close(fd)
            throw error
        }
        finished = problem != nil
    }

    deinit { close(fd) }

    /// Reads the next chunk and returns its size; 0 once the file is read or found unreadable.
    func step() throws(ObjectDiskError) -> Int {
        guard !finished, let metadata else { return 0 }
        let count = try FileSystem.readFile(fd, into: &buffer, at: bytesRead, path: path)
        md5.update(data: buffer[..<count])
        bytesRead += count
        if count == 0 {
            finished = true
            let etag = hex(md5.finalize())
            if bytesRead != metadata.contentLength {
                problem = .sizeMismatch(expected: metadata.contentLength ?? -1, actual: bytesRead)
            } else if etag != metadata.etag {
                problem = .etagMismatch(expected: metadata.etag ?? "", actual: etag)
            }
        }
        return count
    }

    /// The result once `step()` returned 0; quarantines a damaged object.
    func conclude() throws(ObjectDiskError) -> AuditResult {
        guard let problem else { return .passed(bytes: bytesRead) }
        guard let destination = try device.quarantine(partition: partition, hash: hash, ifHolding: file) else {
            return .noData
        }
        return .quarantined(problem, path: destination)
    }
}
