import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import KumoHTTP
import KumoRing
import NIOCore
import NIOHTTP1

/// Objects: streamed replicated PUT, GET with fallback, HEAD, POST, DELETE.
extension ObjectProxy {
    func object(_ request: Request, _ context: KumoRequestContext, _ path: ObjectPath) async throws -> Response {
        guard let info = try await containerInfo(path) else {
            throw APIError.notFound("The container \(path.container ?? "") was not found.")
        }
        let manifest = request.uri.queryParameters.get("multipart-manifest")
        switch request.method {
        case .get, .head:
            try authorize(context, path, .read, acl: info.read)
            return try await get(request, path, manifest: manifest == "get")
        case .put:
            try authorize(context, path, .write, acl: info.write)
            if manifest == "put" { return try await StaticLargeObject(proxy: self).putManifest(request, path) }
            return try await put(request, path, body: request.body)
        case .post:
            try authorize(context, path, .write, acl: info.write)
            return try await write(.POST, request, path, success: .accepted)
        case .delete:
            try authorize(context, path, .write, acl: info.write)
            if manifest == "delete" { return try await StaticLargeObject(proxy: self).deleteManifest(request, path) }
            return try await write(.DELETE, request, path, success: .noContent)
        default:
            throw APIError(.methodNotAllowed, "Method not allowed on an object.")
        }
    }

    /// Streams the body to every replica; answers 201 once a quorum stored it.
    func put(
        _ request: Request, _ path: ObjectPath, body: some AsyncSequence<ByteBuffer, any Error> & Sendable,
        length declared: Int?? = nil, extraHeaders: HTTPHeaders = [:]
    ) async throws -> Response {
        let length = declared ?? request.headers[.contentLength].flatMap(Int.init)
        if declared == nil, request.headers[.contentLength] != nil, length == nil || length! < 0 {
            throw APIError.badRequest("Invalid Content-Length.")
        }
        guard length != nil || declared != nil || request.headers[.transferEncoding]?.lowercased() == "chunked" else {
            throw APIError(.lengthRequired, "Content-Length or chunked Transfer-Encoding is required.")
        }
        if let length, length > settings.maxObjectBytes {
            throw APIError.contentTooLarge(limit: settings.maxObjectBytes)
        }
        let ring = rings.object.current
        let partition = ring.partition(account: path.account, container: path.container, object: path.object)
        var headers = Self.backendHeaders(request.headers, timestamp: Self.timestamp())
        headers.add(contentsOf: extraHeaders)
        if headers.first(name: "Content-Type") == nil { headers.add(name: "Content-Type", value: Self.contentType(of: path)) }
        let containerHeaders = containerUpdateHeaders(path)
        let replicated = ReplicatedPut(backends: backends, ring: ring, partition: partition, path: path, length: length)
        let outcomes: [ReplicatedPut.Outcome]
        if let length, length <= Self.smallBody {
            var whole = ByteBuffer()
            for try await chunk in body {
                guard whole.readableBytes + chunk.readableBytes <= length else {
                    throw APIError.badRequest("The body is longer than Content-Length.")
                }
                whole.writeImmutableBuffer(chunk)
            }
            guard whole.readableBytes == length else { throw APIError.badRequest("The body is shorter than Content-Length.") }
            outcomes = await replicated.run(whole: whole, headers: headers, headersFor: containerHeaders)
        } else {
            outcomes = try await replicated.run(body: body, headers: headers, headersFor: containerHeaders)
        }
        let stored = outcomes.filter { ($0.status ?? 0) == 201 }
        if stored.count >= ring.replicaCount / 2 + 1 {
            return Response(status: .created, headers: [.eTag: stored[0].etag ?? "", .contentLength: "0"])
        }
        let statuses = outcomes.compactMap(\.status)
        if statuses.contains(422) { throw APIError(.unprocessableContent, "The ETag does not match the MD5 of the body.") }
        if statuses.contains(412) { throw APIError(.preconditionFailed, "The object exists.") }
        if statuses.contains(400) { throw APIError.badRequest("The body does not match Content-Length.") }
        throw APIError.serviceUnavailable("Only \(stored.count) of \(ring.replicaCount) replicas were stored.")
    }

    /// Bodies up to this size are read whole and sent to the replicas as one buffer each.
    static let smallBody = 256 * 1024

    /// For each replica, the container server that gets its listing update (spread over the replicas).
    func containerUpdateHeaders(_ path: ObjectPath) -> @Sendable (Int) -> HTTPHeaders {
        let ring = rings.container.current
        let (partition, nodes) = ring.nodes(account: path.account, container: path.container)
        return { slot in
            let node = nodes[slot % nodes.count]
            return [
                "X-Container-Host": node.server, "X-Container-Device": node.device,
                "X-Container-Partition": String(partition),
            ]
        }
    }

    /// A DELETE or POST to every replica, answered by the quorum.
    private func write(_ method: HTTPMethod, _ request: Request, _ path: ObjectPath, success: HTTPResponse.Status) async throws -> Response {
        let headers = Self.backendHeaders(request.headers, timestamp: Self.timestamp())
        switch await replicatedWrite(method, path, headers: headers) {
        case 200..<300: return Response(status: success, headers: [.contentLength: "0"])
        case 404: throw APIError.notFound("The object was not found.")
        default: throw APIError.serviceUnavailable("Not enough storage nodes answered.")
        }
    }

    /// The quorum status of a bodiless write to every replica of an object.
    func replicatedWrite(_ method: HTTPMethod, _ path: ObjectPath, headers: HTTPHeaders) async -> Int {
        let ring = rings.object.current
        let partition = ring.partition(account: path.account, container: path.container, object: path.object)
        let answers = await backends.sendToReplicas(
            method, ring: ring, partition: partition, path: path, headers: headers, headersFor: containerUpdateHeaders(path))
        return Backends.quorumStatus(answers, replicas: ring.replicaCount)
    }

    /// GET or HEAD from the first replica that has the object; a large object's manifest is
    /// followed unless `manifest` asks for the manifest itself.
    func get(_ request: Request, _ path: ObjectPath, manifest: Bool) async throws -> Response {
        let head = request.method == .head
        let response = try await fetch(path, head: head, headers: Self.backendHeaders(request.headers))
        if !manifest, response.headers.first(name: "X-Static-Large-Object")?.lowercased() == "true" {
            let body = try await response.body.collect(upTo: StaticLargeObject.maxManifestBytes)
            return try await StaticLargeObject(proxy: self).serve(head: head, path, manifest: body, headers: response.headers)
        }
        let status = Int(response.status.code)
        var fields = Self.clientHeaders(response.headers)
        let length = response.headers.first(name: "Content-Length").flatMap(Int.init)
        if let length { fields[.contentLength] = String(length) }
        if head || status == 304 || status == 412 || status == 416 {
            _ = try? await response.body.collect(upTo: 1 << 16)
            return Response(status: .init(code: status), headers: fields)
        }
        return Response(
            status: .init(code: status), headers: fields,
            body: ResponseBody(contentLength: length) { writer in
                for try await chunk in response.body { try await writer.write(chunk) }
                try await writer.finish(nil)
            })
    }

    /// The first answer other than "not found" or a server error from the object's replicas, then
    /// handoffs, its body unread.
    /// - Throws: 404 when the replicas that answered do not have it, 503 when none answered.
    func fetch(_ path: ObjectPath, head: Bool, headers: HTTPHeaders) async throws -> HTTPClientResponse {
        let ring = rings.object.current
        let partition = ring.partition(account: path.account, container: path.container, object: path.object)
        var sawNotFound = false
        for device in backends.candidates(ring, partition: partition, handoffs: ring.replicaCount) {
            var backend = HTTPClientRequest(url: Backends.url(device, partition: partition, path: path))
            backend.method = head ? .HEAD : .GET
            backend.headers = headers
            let response: HTTPClientResponse
            do {
                response = try await backends.client.execute(backend, timeout: backends.timeout)
            } catch {
                backends.recordFailure(device, error)
                continue
            }
            let status = Int(response.status.code)
            guard status == 404 || status >= 500 else { return response }
            sawNotFound = sawNotFound || status == 404
            _ = try? await response.body.collect(upTo: 1 << 16)
        }
        if sawNotFound { throw APIError.notFound("The object \(path.object ?? "") was not found.") }
        throw APIError.serviceUnavailable("No storage node holding the object answered.")
    }

    /// The type of an object sent without `Content-Type`, from its extension.
    static func contentType(of path: ObjectPath) -> String {
        let types = ["txt": "text/plain", "json": "application/json", "html": "text/html", "iso": "application/x-iso9660-image",
                     "qcow2": "application/octet-stream", "png": "image/png", "jpg": "image/jpeg", "gz": "application/gzip"]
        let ext = (path.object ?? "").split(separator: ".").last.map { String($0).lowercased() } ?? ""
        return types[ext] ?? "application/octet-stream"
    }
}
