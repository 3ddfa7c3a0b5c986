import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import KumoHTTP
import KumoObjectDisk
import KumoRing
import Logging
import NIOCore

/// The object server of a storage node: objects of its devices over HTTP, for the proxy and the
/// replicators (`/<device>/<partition>/<account>/<container>/<object>`), and suffix hashes for
/// replication (`GET /replicate/<device>/<partition>`).
///
/// Writes are durable before they are acknowledged (temp file, fsync, rename, fsync of the
/// directory); the newest `X-Timestamp` wins. After a client write it updates the container listing
/// named by `X-Container-*` headers, or keeps the update as async pending when that server is away.
struct ObjectServer: Sendable {
    let devices: StorageDevices
    /// Names objects' directories: the same secret as the rings'.
    let secret: HashPathSecret
    let client: HTTPClient
    let reclaimAge: Duration
    let updateTimeout: TimeAmount = .seconds(3)
    /// Bodies up to this size are read whole before they are written.
    static let smallBody = 256 * 1024
    /// Objects up to this size have their MD5 checked before a GET sends them.
    static let verifiedReadLimit = 8 << 20
    let logger: Logger

    func router() -> Router<KumoRequestContext> {
        let router = Router(errorStyle: .plain)
        router.get("replicate/:device/:partition") { request, context in
            let device = try devices.objectDevice(try context.parameters.require("device"))
            let partition = try context.parameters.require("partition", as: Int.self)
            let recalculate = request.uri.queryParameters.get("recalculate")?.split(separator: ",").map(String.init) ?? []
            let hashes = try await Blocking.run {
                try device.suffixHashes(partition: partition, recalculate: recalculate, reclaimAge: reclaimAge)
            }
            return JSONResponse(hashes)
        }
        router.put("**") { request, context in try await put(request, context) }
        router.get("**") { request, context in try await get(request, context, head: false) }
        router.head("**") { request, context in try await get(request, context, head: true) }
        router.delete("**") { request, context in try await delete(request, context) }
        router.post("**") { request, context in try await post(request, context) }
        return router
    }

    /// The device, partition, hash and name an object request is about.
    private func target(_ request: Request) throws -> (ObjectDevice, BackendRequest, String) {
        let parsed = try BackendRequest(request)
        guard parsed.path.object != nil else { throw APIError.badRequest("An object path is required.") }
        let device = try devices.objectDevice(parsed.device)
        return (device, parsed, secret.hash(account: parsed.path.account, container: parsed.path.container, object: parsed.path.object))
    }

    private func put(_ request: Request, _ context: KumoRequestContext) async throws -> Response {
        let (device, parsed, hash) = try target(request)
        let timestamp = try BackendRequest.timestamp(request)
        let declaredLength = request.headers[.contentLength].flatMap(Int.init)
        let metadata = ObjectMetadata(
            name: parsed.path.name, timestamp: timestamp, contentType: request.headers[.contentType],
            etag: request.headers[.eTag].map(Self.unquoted), userMetadata: Self.userMetadata(request.headers),
            systemMetadata: Self.systemMetadata(request.headers))
        if request.headers[.ifNoneMatch] == "*" {
            if case .found = try await Blocking.run({ try device.open(partition: parsed.partition, hash: hash) }) {
                throw APIError(.preconditionFailed, "The object exists.")
            }
        }
        let outcome: CommitOutcome
        do {
            outcome = try await write(request, device: device, parsed: parsed, hash: hash, length: declaredLength, metadata: metadata)
        } catch let error as ObjectDiskError {
            throw Self.apiError(error)
        }
        guard case .committed(let stored) = outcome else {
            return Self.superseded(outcome)
        }
        if request.headers[.xBackendReplication] == nil {
            try await updateListing(
                request, device: device,
                row: ListingRow(
                    name: parsed.path.object!, timestamp: timestamp.description,
                    // A large object's manifest is listed with the size and ETag of the whole.
                    bytes: Int64(stored.systemMetadata["X-Object-Sysmeta-Slo-Size"] ?? "") ?? Int64(stored.contentLength ?? 0),
                    contentType: stored.contentType ?? "application/octet-stream",
                    etag: stored.systemMetadata["X-Object-Sysmeta-Slo-Etag"] ?? stored.etag ?? ""),
                path: parsed.path)
        }
        return Response(status: .created, headers: [.eTag: stored.etag ?? "", .contentLength: "0"])
    }

    /// Writes the request's body as the object's new `.data`, synced and committed. A small body is
    /// read whole and written in one trip to the thread pool; a larger one chunk by chunk as it arrives.
    private func write(
        _ request: Request, device: ObjectDevice, parsed: BackendRequest, hash: String, length: Int?, metadata: ObjectMetadata
    ) async throws -> CommitOutcome {
        if let length, length <= Self.smallBody {
            var request = request
            let body = try await request.collectBody(upTo: Self.smallBody)
            return try await Blocking.run {
                let writer = try device.createWriter(partition: parsed.partition, hash: hash, expectedLength: length)
                do {
                    try body.withUnsafeReadableBytes { try writer.write($0) }
                    return try writer.commit(metadata: metadata)
                } catch {
                    writer.abort()
                    throw error
                }
            }
        }
        let writer = try await Blocking.run {
            try device.createWriter(partition: parsed.partition, hash: hash, expectedLength: length)
        }
        do {
            for try await chunk in request.body {
                try await Blocking.run { try chunk.withUnsafeReadableBytes { try writer.write($0) } }
            }
            return try await Blocking.run { try writer.commit(metadata: metadata) }
        } catch {
            writer.abort()
            throw error
        }
    }

    private func get(_ request: Request, _ context: KumoRequestContext, head: Bool) async throws -> Response {
        let (device, parsed, hash) = try target(request)
        let lookup = try await Blocking.run { try device.open(partition: parsed.partition, hash: hash) }
        let reader: ObjectReader
        switch lookup {
        case .notFound:
            return Response(status: .notFound, headers: [.contentLength: "0"])
        case .deleted(let timestamp):
            return Response(status: .notFound, headers: [.xBackendTimestamp: timestamp.description, .contentLength: "0"])
        case .found(let found):
            reader = found
        }
        var headers = Self.headers(of: reader.metadata, length: reader.contentLength)
        if let match = request.headers[.ifMatch], match != "*", Self.unquoted(match) != reader.metadata.etag {
            return Response(status: .preconditionFailed, headers: [.contentLength: "0"])
        }
        if let noneMatch = request.headers[.ifNoneMatch], noneMatch == "*" || Self.unquoted(noneMatch) == reader.metadata.etag {
            headers[.contentLength] = "0"
            return Response(status: .notModified, headers: headers)
        }
        var status = HTTPResponse.Status.ok
        var range = 0..<reader.contentLength
        switch ByteRange.parse(request.headers[.range], length: reader.contentLength) {
        case .whole:
            break
        case .unsatisfiable:
            return Response(
                status: .rangeNotSatisfiable,
                headers: [.contentRange: "bytes */\(reader.contentLength)", .contentLength: "0"])
        case .partial(let byteRange):
            status = .partialContent
            range = byteRange.range
            headers[.contentRange] = "bytes \(byteRange.lower)-\(byteRange.upper)/\(reader.contentLength)"
            headers[.contentLength] = String(range.count)
        }
        if head { return Response(status: status, headers: headers) }
        if status == .ok, reader.contentLength <= Self.verifiedReadLimit {
            // Small objects are checked before a byte leaves, so a rotten replica is never served:
            // it is quarantined and the proxy reads another one.
            if case .quarantined = try await Blocking.run({ try device.audit(partition: parsed.partition, hash: hash) }) {
                logger.warning("quarantined a rotten object on read", metadata: ["object": "\(parsed.path.name)"])
                return Response(status: .notFound, headers: [.contentLength: "0"])
            }
        }
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: range.count) { [range] writer in
                for try await buffer in FileChunks(reader: reader, range: range) {
                    try await writer.write(buffer)
                }
                try await writer.finish(nil)
            })
    }

    private func delete(_ request: Request, _ context: KumoRequestContext) async throws -> Response {
        let (device, parsed, hash) = try target(request)
        let timestamp = try BackendRequest.timestamp(request)
        let previous = try await Blocking.run { try device.open(partition: parsed.partition, hash: hash) }
        let outcome = try await Blocking.run {
            try device.delete(partition: parsed.partition, hash: hash, name: parsed.path.name, timestamp: timestamp)
        }
        guard outcome.isCommitted else { return Self.superseded(outcome) }
        if request.headers[.xBackendReplication] == nil {
            try await updateListing(
                request, device: device,
                row: ListingRow(name: parsed.path.object!, timestamp: timestamp.description, bytes: 0, count: 0, deleted: true),
                path: parsed.path)
        }
        if case .found = previous { return Response(status: .noContent) }
        return Response(status: .notFound, headers: [.contentLength: "0"])
    }

    private func post(_ request: Request, _ context: KumoRequestContext) async throws -> Response {
        let (device, parsed, hash) = try target(request)
        let metadata = ObjectMetadata(
            name: parsed.path.name, timestamp: try BackendRequest.timestamp(request),
            contentType: request.headers[.contentType], userMetadata: Self.userMetadata(request.headers),
            systemMetadata: Self.systemMetadata(request.headers))
        let outcome = try await Blocking.run { try device.post(partition: parsed.partition, hash: hash, metadata: metadata) }
        switch outcome {
        case .committed: return Response(status: .accepted, headers: [.contentLength: "0"])
        case .noData: return Response(status: .notFound, headers: [.contentLength: "0"])
        case .superseded: return Self.superseded(outcome)
        }
    }

    /// Sends the listing row to the container server named by the request, or keeps it pending.
    private func updateListing(_ request: Request, device: ObjectDevice, row: ListingRow, path: ObjectPath) async throws {
        guard let host = request.headers[.xContainerHost], let containerDevice = request.headers[.xContainerDevice],
            let partition = request.headers[.xContainerPartition].flatMap(Int.init)
        else { return }
        let update = ListingUpdate(
            host: host, device: containerDevice, partition: partition,
            path: ObjectPath(account: path.account, container: path.container, object: path.object), row: row)
        if await update.send(with: client, timeout: updateTimeout) { return }
        logger.info("container server unreachable: update kept pending", metadata: ["container.host": "\(host)"])
        try await Blocking.run { try AsyncPending(device: device).save(update) }
    }

    // MARK: Headers

    static func headers(of metadata: ObjectMetadata, length: Int) -> HTTPFields {
        var headers: HTTPFields = [
            .contentLength: String(length), .contentType: metadata.contentType ?? "application/octet-stream",
            .eTag: metadata.etag ?? "", .xTimestamp: metadata.timestamp.description,
            .xBackendTimestamp: metadata.timestamp.description, .acceptRanges: "bytes",
            .lastModified: HTTPDate.format(metadata.timestamp.date),
        ]
        for (key, value) in metadata.userMetadata {
            if let name = HTTPField.Name("X-Object-Meta-" + key) { headers[name] = value }
        }
        for (key, value) in metadata.systemMetadata {
            if let name = HTTPField.Name(key) { headers[name] = value }
        }
        return headers
    }

    static func userMetadata(_ headers: HTTPFields) -> [String: String] {
        var metadata: [String: String] = [:]
        for field in headers where field.name.canonicalName.hasPrefix("x-object-meta-") {
            metadata[String(field.name.rawName.dropFirst("X-Object-Meta-".count))] = field.value
        }
        return metadata
    }

    /// Headers kept with the object verbatim: large-object manifests, `X-Object-Sysmeta-*` (the
    /// proxy's own), content encodings.
    static func systemMetadata(_ headers: HTTPFields) -> [String: String] {
        var metadata: [String: String] = [:]
        for field in headers {
            let name = field.name.canonicalName
            if name == "x-static-large-object" || name == "content-encoding" || name == "content-disposition"
                || name.hasPrefix("x-object-sysmeta-")
            {
                metadata[field.name.rawName] = field.value
            }
        }
        return metadata
    }

    static func unquoted(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }

    static func superseded(_ outcome: CommitOutcome) -> Response {
        guard case .superseded(let newer) = outcome else { return Response(status: .notFound) }
        return Response(status: .conflict, headers: [.xBackendTimestamp: newer.description, .contentLength: "0"])
    }

    static func apiError(_ error: ObjectDiskError) -> APIError {
        switch error {
        case .etagMismatch: APIError(.unprocessableContent, "The ETag does not match the MD5 of the body.")
        case .lengthMismatch: APIError.badRequest("The body length does not match Content-Length.")
        case .insufficientStorage: APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "\(error)")
        default: APIError(.internalServerError, "\(error)")
        }
    }
}
