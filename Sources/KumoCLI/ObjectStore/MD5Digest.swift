import Crypto
import Foundation
import KumoCore
import NIOCore
import Synchronization

/// The MD5 of a transfer's bytes, computed as its chunks pass, to check against the object's ETag.
final class MD5Digest: Sendable {
    private let state = Mutex(Insecure.MD5())

    func update(_ buffer: ByteBuffer) {
        state.withLock { md5 in buffer.withUnsafeReadableBytes { md5.update(bufferPointer: $0) } }
    }

    /// The digest in lowercase hex, as ETags write it.
    var hex: String {
        state.withLock { $0.finalize() }.lowercaseHex
    }

    /// An ETag without its quotes, in lowercase.
    static func unquoted(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }
}
