import AsyncHTTPClient
import Crypto
import Foundation
import KumoCore
import NIOCore
import NIOFileSystem
import NIOHTTP1

/// The Image API as compute agents use it: an image's metadata, and its data downloaded to a file,
/// verified on arrival.
///
/// The download is the ordinary `GET /v2/images/{id}/file`, with a token of a service user (or any
/// user who may see the image). The file appears at its path only once every byte arrived and the
/// SHA-512 (`os_hash_value`), else the MD5 (`checksum`, `Content-MD5`), matched.
public struct ImageClient: Sendable {
    let client: KumoHTTPClient
    /// The Image API's base URL, e.g. `session.endpoint(type: "image")`.
    let endpoint: String
    let token: String

    public init(client: KumoHTTPClient, endpoint: String, token: String) {
        self.client = client
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.token = token
    }

    /// What a download needs to know of an image.
    public struct ImageInfo: Sendable, Decodable, Equatable {
        public var id: String
        public var name: String?
        public var status: String
        public var size: Int?
        public var checksum: String?
        public var hashAlgorithm: String?
        public var hashValue: String?
        public var diskFormat: String?

        enum CodingKeys: String, CodingKey {
            case id, name, status, size, checksum
            case hashAlgorithm = "os_hash_algo"
            case hashValue = "os_hash_value"
            case diskFormat = "disk_format"
        }
    }

    /// `GET /v2/images/{id}`.
    public func image(_ id: String) async throws -> ImageInfo {
        try await client.json(ImageInfo.self, .GET, "\(endpoint)/v2/images/\(id)", token: token)
    }

    /// Downloads the data of image `id` into a new file at `path` (replacing what was there only once
    /// the data checked out) and returns the image. `onChunk` hears the size of each chunk received.
    /// - Throws: `ImageDownloadError` when the image has no data or the bytes do not match it;
    ///   `APIFailure` when the API refuses.
    @discardableResult
    public func download(
        _ id: String, to path: String, onChunk: @Sendable (Int) -> Void = { _ in }
    ) async throws -> ImageInfo {
        let image = try await image(id)
        guard image.status == "active" else { throw ImageDownloadError.notActive(id: id, status: image.status) }
        var request = HTTPClientRequest(url: "\(endpoint)/v2/images/\(id)/file")
        request.headers.add(name: "X-Auth-Token", value: token)
        let response = try await client.http.execute(request, timeout: .hours(24))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 20)
            throw APIFailure(
                status: Int(response.status.code),
                message: APIFailure.message(from: Data(body.readableBytesView)) ?? response.status.reasonPhrase,
                request: "GET \(request.url)")
        }
        var check = try ImageCheck(image: image, contentMD5: response.headers.first(name: "Content-MD5"))
        try await FileSystem.shared.withFileHandle(forWritingAt: FilePath(path), options: .newFile(replaceExisting: true)) {
            file in
            var writer = file.bufferedWriter()
            for try await chunk in response.body {
                check.update(chunk)
                try await writer.write(contentsOf: chunk)
                onChunk(chunk.readableBytes)
            }
            try await writer.flush()
            // Thrown here, the file never becomes visible at `path`.
            try check.verify(id: id)
        }
        return image
    }
}

/// The digest a download is checked against.
struct ImageCheck {
    enum Hasher {
        case sha512(SHA512)
        case md5(Insecure.MD5)
    }

    private var hasher: Hasher
    private let expected: String
    private let expectedSize: Int?
    private var count = 0

    init(image: ImageClient.ImageInfo, contentMD5: String?) throws(ImageDownloadError) {
        if image.hashAlgorithm == "sha512", let value = image.hashValue {
            (hasher, expected) = (.sha512(SHA512()), value.lowercased())
        } else if let md5 = image.checksum ?? contentMD5 {
            (hasher, expected) = (.md5(Insecure.MD5()), md5.lowercased())
        } else {
            throw .noChecksum(id: image.id)
        }
        expectedSize = image.size
    }

    mutating func update(_ buffer: ByteBuffer) {
        count += buffer.readableBytes
        buffer.withUnsafeReadableBytes { bytes in
            switch hasher {
            case .sha512(var sha):
                sha.update(bufferPointer: bytes)
                hasher = .sha512(sha)
            case .md5(var md5):
                md5.update(bufferPointer: bytes)
                hasher = .md5(md5)
            }
        }
    }

    func verify(id: String) throws(ImageDownloadError) {
        if let expectedSize, expectedSize != count {
            throw .sizeMismatch(id: id, expected: expectedSize, received: count)
        }
        let (algorithm, actual) =
            switch hasher {
            case .sha512(let sha): ("sha512", sha.finalize().lowercaseHex)
            case .md5(let md5): ("md5", md5.finalize().lowercaseHex)
            }
        guard actual == expected else {
            throw .checksumMismatch(id: id, algorithm: algorithm, expected: expected, actual: actual)
        }
    }
}

/// A download that did not yield the image's data.
public enum ImageDownloadError: Error, Equatable, CustomStringConvertible {
    case notActive(id: String, status: String)
    case noChecksum(id: String)
    case sizeMismatch(id: String, expected: Int, received: Int)
    case checksumMismatch(id: String, algorithm: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case .notActive(let id, let status): "image \(id) has no data to download (status \(status))"
        case .noChecksum(let id): "image \(id) has no checksum to verify its data against"
        case .sizeMismatch(let id, let expected, let received):
            "image \(id): received \(received) bytes instead of \(expected)"
        case .checksumMismatch(let id, let algorithm, let expected, let actual):
            "image \(id): the \(algorithm) of the data is \(actual), not \(expected)"
        }
    }
}
