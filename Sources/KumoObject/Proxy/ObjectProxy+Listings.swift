import Foundation
import HTTPTypes
import Hummingbird
import KumoHTTP
import KumoRing
import NIOCore
import NIOHTTP1

/// Accounts and containers: listings, metadata, creation and deletion.
extension ObjectProxy {
    func account(_ request: Request, _ context: KumoRequestContext, _ path: ObjectPath) async throws -> Response {
        let ring = rings.account.current
        let partition = ring.partition(account: path.account)
        switch request.method {
        case .get, .head:
            try authorize(context, path, .read)
            return try await listing(request, path, ring: ring, partition: partition, emptyIfMissing: true)
        case .post:
            try authorize(context, path, .write)
            try await ensureAccount(path)
            return try await replicated(.POST, request, path, ring: ring, partition: partition, success: .noContent)
        default:
            throw APIError(.methodNotAllowed, "Accounts are created with their first container.")
        }
    }

    func container(_ request: Request, _ context: KumoRequestContext, _ path: ObjectPath) async throws -> Response {
        let ring = rings.container.current
        let partition = ring.partition(account: path.account, container: path.container)
        switch request.method {
        case .get, .head:
            let info = try await containerInfo(path)
            try authorize(context, path, .read, acl: info?.read, listing: true)
            return try await listing(request, path, ring: ring, partition: partition, emptyIfMissing: false)
        case .put:
            try authorize(context, path, .write)
            try await ensureAccount(path)
            defer { containers.invalidate(path.name) }
            return try await replicated(.PUT, request, path, ring: ring, partition: partition, success: nil)
        case .post:
            try authorize(context, path, .write)
            defer { containers.invalidate(path.name) }
            return try await replicated(.POST, request, path, ring: ring, partition: partition, success: .noContent)
        case .delete:
            try authorize(context, path, .write)
            defer { containers.invalidate(path.name) }
            return try await replicated(.DELETE, request, path, ring: ring, partition: partition, success: .noContent)
        default:
            throw APIError(.methodNotAllowed, "Method not allowed on a container.")
        }
    }

    /// The container's ACLs, or nil when it does not exist (cached briefly).
    func containerInfo(_ path: ObjectPath) async throws -> ContainerInfoCache.Info? {
        let containerPath = ObjectPath(account: path.account, container: path.container)
        if let cached = containers.lookup(containerPath.name) { return cached }
        let ring = rings.container.current
        let partition = ring.partition(account: path.account, container: path.container)
        var info: ContainerInfoCache.Info?
        var answered = false
        for device in backends.candidates(ring, partition: partition, handoffs: ring.replicaCount) {
            guard let answer = await backends.send(.HEAD, to: device, partition: partition, path: containerPath, headers: [:]),
                answer.status < 500
            else { continue }
            answered = true
            if answer.status / 100 == 2 {
                info = .init(
                    read: ContainerACL(answer.headers.first(name: "X-Container-Read")),
                    write: ContainerACL(answer.headers.first(name: "X-Container-Write")))
                break
            }
        }
        guard answered else { throw APIError.serviceUnavailable("No container server answered.") }
        containers.store(info, for: containerPath.name)
        return info
    }

    /// Creates the account on its replicas if none has it (accounts appear with their first container).
    private func ensureAccount(_ path: ObjectPath) async throws {
        let accountPath = ObjectPath(account: path.account)
        let ring = rings.account.current
        let partition = ring.partition(account: path.account)
        for device in backends.candidates(ring, partition: partition, handoffs: 0) {
            if let answer = await backends.send(.HEAD, to: device, partition: partition, path: accountPath, headers: [:]),
                answer.status / 100 == 2
            {
                return
            }
        }
        let answers = await backends.sendToReplicas(
            .PUT, ring: ring, partition: partition, path: accountPath, headers: ["X-Timestamp": Self.timestamp()])
        guard Backends.quorumStatus(answers, replicas: ring.replicaCount) / 100 == 2 else {
            throw APIError.serviceUnavailable("Could not create the account.")
        }
    }

    /// A write to every replica of an account or container, answered by the quorum.
    private func replicated(
        _ method: HTTPMethod, _ request: Request, _ path: ObjectPath, ring: Ring, partition: Int,
        success: HTTPResponse.Status?
    ) async throws -> Response {
        let answers = await backends.sendToReplicas(
            method, ring: ring, partition: partition, path: path,
            headers: Self.backendHeaders(request.headers, timestamp: Self.timestamp()))
        let status = Backends.quorumStatus(answers, replicas: ring.replicaCount)
        switch status {
        case 200..<300:
            return Response(status: success ?? .init(code: status), headers: [.contentLength: "0"])
        case 404: throw APIError.notFound("The \(path.container == nil ? "account" : "container") was not found.")
        case 409: throw APIError.conflict("There was a conflict when trying to complete your request: the container is not empty.")
        default: throw APIError.serviceUnavailable("Not enough storage nodes answered (\(answers.map(\.status))).")
        }
    }

    /// GET or HEAD of an account or container from the first replica that answers, in JSON or plain.
    private func listing(
        _ request: Request, _ path: ObjectPath, ring: Ring, partition: Int, emptyIfMissing: Bool
    ) async throws -> Response {
        let query = request.uri.query ?? ""
        var notFound = false
        for device in backends.candidates(ring, partition: partition, handoffs: ring.replicaCount) {
            let method: HTTPMethod = request.method == .head ? .HEAD : .GET
            guard let answer = await backends.send(method, to: device, partition: partition, path: path, headers: [:], query: query),
                answer.status < 500
            else { continue }
            if answer.status == 404 {
                notFound = true
                continue
            }
            return try Self.listingResponse(answer, request: request)
        }
        if notFound && emptyIfMissing {
            // An account without containers yet: empty, as Swift answers with account autocreate.
            return Response(
                status: .noContent,
                headers: [.xAccountContainerCount: "0", .xAccountObjectCount: "0", .xAccountBytesUsed: "0", .contentLength: "0"])
        }
        if notFound { throw APIError.notFound("The container was not found.") }
        throw APIError.serviceUnavailable("No storage node answered.")
    }

    /// Converts a storage node's JSON listing to the format the client asked for.
    static func listingResponse(_ answer: Backends.Answer, request: Request) throws -> Response {
        var headers = clientHeaders(answer.headers)
        let format = request.uri.queryParameters.get("format") ?? (request.headers[.accept]?.contains("json") == true ? "json" : "plain")
        if request.method == .head {
            headers[.contentLength] = "0"
            return Response(status: .noContent, headers: headers)
        }
        let entries = (try? JSONDecoder().decode([ListingJSON].self, from: Data(answer.body.readableBytesView))) ?? []
        let body: ByteBuffer
        if format == "json" {
            body = answer.body
            headers[.contentType] = "application/json; charset=utf-8"
        } else {
            let lines = entries.map { ($0.name ?? $0.subdir ?? "") + "\n" }.joined()
            body = ByteBuffer(string: lines)
            headers[.contentType] = "text/plain; charset=utf-8"
        }
        headers[.contentLength] = String(body.readableBytes)
        let status: HTTPResponse.Status = entries.isEmpty && format != "json" ? .noContent : .ok
        return Response(status: status, headers: headers, body: .init(byteBuffer: status == .noContent ? ByteBuffer() : body))
    }
}
