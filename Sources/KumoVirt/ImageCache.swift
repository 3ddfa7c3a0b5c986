import Foundation
import KumoRPC
import KumoRuntime

#if canImport(Glibc)
import Glibc
#endif

/// A host's base images, one file per image id in `directory`, each beside `<id>.sha256`, the
/// checksum taken when its download finished.
///
/// A download goes to a hidden temporary name and is renamed into place only once complete, after
/// its checksum file; an image without a checksum file is not cached. Concurrent callers for one
/// image share a single download. A cached file is checked against its checksum once per process,
/// so a file damaged while the agent was down is fetched again.
public actor ImageCache {
    public let directory: String
    /// Callers waiting for the download in progress of an image id.
    private var waiting: [String: [CheckedContinuation<String, any Error>]] = [:]
    /// Images whose cached file matched its checksum since this process started.
    private var verified: Set<String> = []

    public init(directory: String) {
        self.directory = directory
    }

    /// The path of the cached base image of `image`, downloaded first if it is not cached.
    /// - Parameter download: writes the image's data to a new file at `destination` (e.g. with
    ///   `ImageClient.download`), throwing when it could not or the data did not check out.
    public func baseImage(
        for image: ImageSpec, download: @Sendable (_ destination: String) async throws -> Void
    ) async throws -> String {
        let id = image.id
        guard InstanceDirectory.isSafeFileName(id) else { throw VirtError.invalidIdentifier(id) }
        if waiting[id] != nil {
            return try await withCheckedThrowingContinuation { waiting[id, default: []].append($0) }
        }
        waiting[id] = []
        let result: Result<String, any Error>
        do {
            result = .success(try await cachedOrDownloaded(id, download: download))
        } catch {
            result = .failure(error)
        }
        for waiter in waiting.removeValue(forKey: id) ?? [] { waiter.resume(with: result) }
        return try result.get()
    }

    func path(of id: String) -> String { "\(directory)/\(id)" }
    func checksumPath(of id: String) -> String { "\(directory)/\(id).sha256" }

    /// Runs with `waiting[id]` set, so no other call touches this image's files meanwhile.
    private func cachedOrDownloaded(
        _ id: String, download: @Sendable (String) async throws -> Void
    ) async throws -> String {
        let files = FileManager.default
        let path = path(of: id)
        if let recorded = try? String(contentsOfFile: checksumPath(of: id), encoding: .utf8),
            files.fileExists(atPath: path)
        {
            if verified.contains(id) { return path }
            if try await Self.sha256(of: path) == recorded {
                verified.insert(id)
                return path
            }
        }
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in try files.contentsOfDirectory(atPath: directory) where file.hasPrefix(".\(id).") {
            try? files.removeItem(atPath: "\(directory)/\(file)")  // left by an interrupted download
        }
        try? files.removeItem(atPath: path)
        try? files.removeItem(atPath: checksumPath(of: id))
        let partial = "\(directory)/.\(id).\(UUID().uuidString).partial"
        do {
            try await download(partial)
            let checksum = try await Self.sha256(of: partial)
            let partialChecksum = partial + ".sha256"
            try checksum.write(toFile: partialChecksum, atomically: false, encoding: .utf8)
            try Self.rename(partialChecksum, to: checksumPath(of: id))
            try Self.rename(partial, to: path)
        } catch {
            for file in [partial, partial + ".sha256", checksumPath(of: id)] { try? files.removeItem(atPath: file) }
            throw error
        }
        verified.insert(id)
        return path
    }

    /// The SHA-256 of a file in hex, by `sha256sum` (a child process, not the cooperative pool).
    static func sha256(of path: String) async throws -> String {
        let output = try await ProcessRunner.run(["sha256sum", "--", path])
        return String(output.prefix(while: { !$0.isWhitespace }))
    }

    static func rename(_ source: String, to destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
        }
    }
}
