import AsyncHTTPClient
import Crypto
import Foundation
import KumoCore
import HTTPTypes
import Hummingbird
import KumoClient
import KumoHTTP
import NIOCore
import NIOHTTP1

/// Static large objects: a manifest object lists segments (other objects of the account) that a GET
/// returns one after the other, so clients upload big files as segments in parallel.
struct StaticLargeObject: Sendable {
    static let maxSegments = 1000
    static let maxManifestBytes = 8 << 20

    let proxy: ObjectProxy

    /// A segment as the client lists it in `PUT ?multipart-manifest=put`.
    struct SegmentRequest: Decodable {
        var path: String
        var etag: String?
        var size_bytes: Int?
    }

    /// A segment as the stored manifest (and `GET ?multipart-manifest=get`) lists it.
    struct Segment: Codable, Sendable {
        var name: String
        var hash: String
        var bytes: Int
        var content_type: String
    }

    /// Checks every segment (it exists; its ETag and size match when given) and stores the manifest.
    func putManifest(_ request: Request, _ path: ObjectPath) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maxManifestBytes)
        guard let requested = try? JSONDecoder().decode([SegmentRequest].self, from: Data(body.readableBytesView)),
            !requested.isEmpty
        else { throw APIError.badRequest("The manifest must be a non-empty JSON list of {path, etag, size_bytes}.") }
        guard requested.count <= Self.maxSegments else {
            throw APIError.badRequest("A manifest has at most \(Self.maxSegments) segments.")
        }
        var segments: [Segment] = []
        var problems: [String] = []
        for item in requested {
            let parts = item.path.drop { $0 == "/" }.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else {
                problems.append("\(item.path): not /container/object")
                continue
            }
            let segmentPath = ObjectPath(account: path.account, container: String(parts[0]), object: String(parts[1]))
            do {
                let head = try await proxy.fetch(segmentPath, head: true, headers: [:])
                let etag = head.headers.first(name: "ETag") ?? ""
                let size = Int(head.headers.first(name: "Content-Length") ?? "") ?? 0
                if let expected = item.etag, expected.lowercased() != etag { problems.append("\(item.path): Etag Mismatch") }
                if let expected = item.size_bytes, expected != size { problems.append("\(item.path): Size Mismatch") }
                segments.append(
                    Segment(
                        name: "/" + parts.joined(separator: "/"), hash: etag, bytes: size,
                        content_type: head.headers.first(name: "Content-Type") ?? "application/octet-stream"))
            } catch let error as APIError {
                problems.append("\(item.path): \(error.status.code) \(error.publicMessage)")
            }
        }
        guard problems.isEmpty else { throw APIError.badRequest("Errors:\n" + problems.joined(separator: "\n")) }
        let manifest = try JSONEncoder().encode(segments)
        let etag = Self.etag(of: segments)
        let total = segments.reduce(0) { $0 + $1.bytes }
        let stored = try await proxy.put(
            request, path, body: SingleBuffer(buffer: ByteBuffer(bytes: manifest)), length: manifest.count,
            extraHeaders: [
                "X-Static-Large-Object": "True", "X-Object-Sysmeta-Slo-Etag": etag, "X-Object-Sysmeta-Slo-Size": String(total),
            ])
        return Response(status: stored.status, headers: [.eTag: "\"\(etag)\"", .contentLength: "0"])
    }

    /// The large object itself: headers of the whole, and for a GET its segments' bytes in order.
    func serve(head: Bool, _ path: ObjectPath, manifest body: ByteBuffer, headers: HTTPHeaders) async throws -> Response {
        var fields = ObjectProxy.clientHeaders(headers)
        fields[.xStaticLargeObject] = "True"
        if head {
            // A HEAD has no manifest body: the totals were stored with it.
            fields[.contentLength] = headers.first(name: "X-Object-Sysmeta-Slo-Size") ?? "0"
            fields[.eTag] = "\"\(headers.first(name: "X-Object-Sysmeta-Slo-Etag") ?? "")\""
            return Response(status: .ok, headers: fields)
        }
        guard let segments = try? JSONDecoder().decode([Segment].self, from: Data(body.readableBytesView)) else {
            throw APIError(.internalServerError, "The large object's manifest is unreadable.")
        }
        let total = segments.reduce(0) { $0 + $1.bytes }
        fields[.contentLength] = String(total)
        fields[.eTag] = "\"\(Self.etag(of: segments))\""
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody(contentLength: total) { writer in
                for segment in segments {
                    let parts = segment.name.dropFirst().split(separator: "/", maxSplits: 1)
                    let response = try await proxy.fetch(
                        ObjectPath(account: path.account, container: String(parts[0]), object: String(parts[1])), head: false,
                        headers: [:])
                    for try await chunk in response.body { try await writer.write(chunk) }
                }
                try await writer.finish(nil)
            })
    }

    /// `DELETE ?multipart-manifest=delete`: the segments, then the manifest; a bulk-delete summary.
    func deleteManifest(_ request: Request, _ path: ObjectPath) async throws -> Response {
        let response = try await proxy.fetch(path, head: false, headers: [:])
        let body = try await response.body.collect(upTo: Self.maxManifestBytes)
        var targets: [ObjectPath] = []
        if response.headers.first(name: "X-Static-Large-Object")?.lowercased() == "true" {
            for segment in try JSONDecoder().decode([Segment].self, from: Data(body.readableBytesView)) {
                let parts = segment.name.dropFirst().split(separator: "/", maxSplits: 1)
                targets.append(ObjectPath(account: path.account, container: String(parts[0]), object: String(parts[1])))
            }
        }
        targets.append(path)
        var deleted = 0
        var notFound = 0
        for target in targets {
            switch await proxy.replicatedWrite(.DELETE, target, headers: ["X-Timestamp": ObjectProxy.timestamp()]) {
            case 404: notFound += 1
            case 200..<300: deleted += 1
            default: throw APIError.serviceUnavailable("Could not delete \(target.name).")
            }
        }
        let summary: JSONValue = [
            "Number Deleted": .number(Double(deleted)), "Number Not Found": .number(Double(notFound)), "Errors": [],
            "Response Status": "200 OK", "Response Body": "",
        ]
        let data = try JSONEncoder().encode(summary)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The ETag of a large object: the MD5 of its segments' ETags, as Swift computes it.
    static func etag(of segments: [Segment]) -> String {
        Insecure.MD5.hash(data: Data(segments.map(\.hash).joined().utf8)).lowercaseHex
    }
}

/// One buffer as a body sequence.
struct SingleBuffer: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffer: ByteBuffer

    struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        mutating func next() async throws -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }
}
