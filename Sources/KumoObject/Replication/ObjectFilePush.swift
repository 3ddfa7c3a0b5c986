import AsyncHTTPClient
import Foundation
import KumoObjectDisk
import KumoRing
import NIOCore
import NIOHTTP1

/// Sends one file of an object to another device as a replication write (`X-Backend-Replication`):
/// a `.data` as a PUT with its body and metadata, a `.ts` as a DELETE, a `.meta` as a POST, all at
/// the file's own timestamp, so the receiver keeps whichever is newer.
struct ObjectFilePush: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    /// True when the target stored the file or already had something newer.
    func push(_ reader: ObjectReader, partition: Int, to target: RingDevice) async throws -> Bool {
        let metadata = reader.metadata
        guard let path = Self.path(of: metadata.name) else { return false }
        var request = HTTPClientRequest(
            url: "http://\(target.ip):\(target.port)/\(ObjectPath.encode(target.device))/\(partition)\(path.encoded)")
        request.headers.add(name: "X-Backend-Replication", value: "true")
        request.headers.add(name: "X-Timestamp", value: (reader.metaFile ?? reader.file).timestamp.description)
        switch reader.file.kind {
        case .tombstone:
            request.method = .DELETE
            request.headers.replaceOrAdd(name: "X-Timestamp", value: reader.file.timestamp.description)
        case .data, .meta:
            // The .data first (at its own timestamp), then the .meta's metadata as a POST.
            request.method = .PUT
            request.headers.replaceOrAdd(name: "X-Timestamp", value: reader.file.timestamp.description)
            request.headers.add(name: "Content-Length", value: String(reader.contentLength))
            if let etag = metadata.etag { request.headers.add(name: "ETag", value: etag) }
            Self.addMetadata(metadata, to: &request.headers)
            request.body = .stream(FileChunks(reader: reader), length: .known(Int64(reader.contentLength)))
        }
        guard try await send(request) else { return false }
        if let meta = reader.metaFile {
            var post = HTTPClientRequest(url: request.url)
            post.method = .POST
            post.headers.add(name: "X-Backend-Replication", value: "true")
            post.headers.add(name: "X-Timestamp", value: meta.timestamp.description)
            Self.addMetadata(metadata, to: &post.headers)
            return try await send(post)
        }
        return true
    }

    private func send(_ request: HTTPClientRequest) async throws -> Bool {
        let response = try await client.execute(request, timeout: timeout)
        _ = try await response.body.collect(upTo: 1 << 20)
        let status = Int(response.status.code)
        // 409: the target has something newer; 404 on DELETE: it had nothing, the tombstone is stored.
        return (200..<300).contains(status) || status == 409 || (request.method == .DELETE && status == 404)
    }

    static func addMetadata(_ metadata: ObjectMetadata, to headers: inout HTTPHeaders) {
        if let contentType = metadata.contentType { headers.add(name: "Content-Type", value: contentType) }
        for (key, value) in metadata.userMetadata { headers.add(name: "X-Object-Meta-" + key, value: value) }
        for (key, value) in metadata.systemMetadata { headers.add(name: key, value: value) }
    }

    /// `/account/container/object` back to its parts.
    static func path(of name: String) -> ObjectPath? {
        let parts = name.dropFirst().split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard name.hasPrefix("/"), parts.count == 3 else { return nil }
        return ObjectPath(account: String(parts[0]), container: String(parts[1]), object: String(parts[2]))
    }
}
