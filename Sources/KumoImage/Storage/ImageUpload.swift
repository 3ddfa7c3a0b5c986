import AsyncAlgorithms
import Foundation
import NIOCore
import Synchronization

/// One upload of an image's data, streamed into the object store as it arrives, never kept on disk
/// nor whole in memory: each buffer is hashed, then handed to the object PUT that is running (which
/// takes the next one only once it sent this one, so a slow object store slows the client down).
///
/// Data announced (`Content-Length`) to fit in `segmentBytes` becomes one object, `prefix`; anything
/// else segments of `segmentBytes`, `prefix/00000001` …, joined by a static large object manifest
/// at `prefix`. On any failure (the client went away, the data is refused, the object store failed)
/// every object written is removed again.
struct ImageUpload: Sendable {
    let objects: ImageObjects
    let segmentBytes: Int
    let maxBytes: Int
    /// `<image id>/<upload id>`.
    let prefix: String
    let diskFormat: String

    /// What the client declared about the data.
    struct Declared: Sendable, Equatable {
        /// `Content-Length`; nil for a chunked upload.
        var contentLength: Int?
        /// `X-OpenStack-Image-Size`.
        var size: Int?
        /// The MD5 in hex, from `Content-MD5` or the property `owner_specified.openstack.md5`.
        var md5: String?
    }

    /// A failed upload: why, and whether the objects it wrote are all gone.
    struct Failure: Error {
        var cause: any Error
        var cleanedUp: Bool
    }

    /// Streams `body` into the object store and returns what it stored.
    func run(_ body: some AsyncSequence<ByteBuffer, any Error>, declared: Declared) async throws(Failure)
        -> ImageStore.StoredData
    {
        var written: [String] = []
        do {
            return try await store(body, declared: declared, written: &written)
        } catch {
            throw Failure(cause: error, cleanedUp: await objects.removeAll(prefix: prefix, known: written))
        }
    }

    /// The object PUT in progress and the channel that feeds it.
    private struct OpenObject {
        var name: String
        var channel: AsyncThrowingChannel<ByteBuffer, any Error>
        var sent = 0
    }

    /// Set by an object PUT that failed, so that the reader of the request stops at once.
    private final class FailureFlag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private func store(
        _ body: some AsyncSequence<ByteBuffer, any Error>, declared: Declared, written: inout [String]
    ) async throws -> ImageStore.StoredData {
        for limit in [declared.contentLength, declared.size].compactMap({ $0 }) where limit > maxBytes {
            throw ImageDataError.tooLarge(limit: maxBytes)
        }
        let single = declared.contentLength.map { $0 <= segmentBytes } ?? false
        var digest = ImageDigest(diskFormat: diskFormat)
        let failure = FailureFlag()
        let segments = try await withThrowingTaskGroup(of: ImageObjects.Stored.self) { group in
            var segments: [ImageObjects.Stored] = []
            var open: OpenObject?

            func start() -> OpenObject {
                let name = single ? prefix : prefix + "/" + String(format: "%08d", segments.count + 1)
                let offset = segments.count * segmentBytes
                let length = single ? declared.contentLength : declared.contentLength.map { min(segmentBytes, $0 - offset) }
                let channel = AsyncThrowingChannel<ByteBuffer, any Error>()
                written.append(name)
                group.addTask { [objects] in
                    do {
                        return ImageObjects.Stored(name: name, etag: try await objects.put(name, body: channel, length: length), bytes: 0)
                    } catch {
                        failure.raised.store(true, ordering: .releasing)
                        channel.finish()  // resumes the reader if it waits to send
                        throw error
                    }
                }
                return OpenObject(name: name, channel: channel)
            }

            func close(_ object: OpenObject) async throws {
                object.channel.finish()
                guard var stored = try await group.next() else { return }
                stored.bytes = object.sent
                segments.append(stored)
            }

            do {
                for try await buffer in body {
                    try digest.update(buffer)
                    if digest.count > maxBytes { throw ImageDataError.tooLarge(limit: maxBytes) }
                    if let size = declared.size, digest.count > size {
                        throw ImageDataError.sizeMismatch(declared: size, received: digest.count)
                    }
                    var remaining = buffer
                    while remaining.readableBytes > 0 {
                        var object = open ?? start()
                        let room = single ? remaining.readableBytes : segmentBytes - object.sent
                        let piece = remaining.readSlice(length: min(room, remaining.readableBytes))!
                        await object.channel.send(piece)
                        if failure.raised.load(ordering: .acquiring) { _ = try await group.next() }
                        object.sent += piece.readableBytes
                        open = object
                        if !single, object.sent == segmentBytes {
                            try await close(object)
                            open = nil
                        }
                    }
                }
                if let expected = declared.contentLength, digest.count != expected {
                    throw ImageDataError.truncated(expected: expected, received: digest.count)
                }
                if let object = open ?? (segments.isEmpty ? start() : nil) { try await close(object) }
                return segments
            } catch {
                open?.channel.fail(error)
                throw error
            }
        }
        let (checksum, hashValue, virtualSize) = try digest.finish()
        if let size = declared.size, size != digest.count {
            throw ImageDataError.sizeMismatch(declared: size, received: digest.count)
        }
        if let md5 = declared.md5, md5 != checksum { throw ImageDataError.checksumMismatch(declared: md5, computed: checksum) }
        if !single {
            written.append(prefix)
            try await objects.putManifest(prefix, segments: segments)
        }
        return ImageStore.StoredData(
            size: digest.count, virtualSize: virtualSize, checksum: checksum, hashValue: hashValue, location: prefix,
            segmentBytes: single ? nil : segmentBytes)
    }
}
