import Foundation
import HTTPTypes
import Hummingbird
import KumoHTTP
import KumoObjectDisk
import NIOCore

/// The container (or account) server of a storage node: one replicated SQLite database per
/// container (account) listing its objects (containers).
///
/// `/<device>/<partition>/<account>/<container>` is a database for a container server; one more
/// path part is a row of it (an object update from an object server, or a container's totals for
/// an account server). `POST /replicate-db/<device>/<partition>` merges a replica's status and rows.
struct ListingServer: Sendable {
    let databases: ListingDatabases
    /// Called when a container's totals changed, to report them to its account.
    let changed: @Sendable (ListingDatabase) -> Void

    var kind: ListingKind { databases.kind }

    func router() -> Router<KumoRequestContext> {
        let router = Router(errorStyle: .plain)
        router.post("replicate-db/:device/:partition") { request, context in
            let device = try context.parameters.require("device")
            let partition = try context.parameters.require("partition", as: Int.self)
            _ = try databases.devices.objectDevice(device)
            let push = try await request.decodeJSON(as: ReplicationPush.self, context: context)
            let path = try Self.path(of: push.status.path)
            let file = databases.file(device: device, partition: partition, path: path)
            let rows = try await Blocking.run { () -> Int64 in
                let database = try databases.database(at: file, create: true)!
                try database.merge(push.status)
                try database.merge(push.rows)
                return try database.rowCount()
            }
            return JSONResponse(ReplicationAnswer(rows: rows))
        }
        router.put("**") { request, context in try await put(request) }
        router.delete("**") { request, context in try await delete(request) }
        router.post("**") { request, context in try await post(request) }
        router.get("**") { request, context in try await get(request, head: false) }
        router.head("**") { request, context in try await get(request, head: true) }
        return router
    }

    /// The answer to a push: how many rows (live or deleted) the receiver holds.
    struct ReplicationAnswer: Codable, Sendable {
        var rows: Int64
    }

    /// What replicators push: a database's status and the rows the peer has not seen.
    struct ReplicationPush: Codable, Sendable {
        var status: ListingDatabase.Status
        var rows: [ListingRow]
    }

    static func path(of name: String) throws -> ObjectPath {
        do {
            return try ObjectPath(segments: name.split(separator: "/")[...].map { Substring(ObjectPath.encode(String($0))) }[...])
        } catch {
            throw APIError.badRequest("\(error)")
        }
    }

    /// The request's device, partition, database file and (for a row) the row's name.
    private func target(_ request: Request) throws -> (file: String, path: ObjectPath, row: String?) {
        let parsed = try BackendRequest(request)
        _ = try databases.devices.objectDevice(parsed.device)
        var path = parsed.path
        let row: String?
        switch kind {
        case .container:
            guard path.container != nil else { throw APIError.badRequest("A container path is required.") }
            row = path.object
            path.object = nil
        case .account:
            guard path.object == nil else { throw APIError.badRequest("An account server has no objects.") }
            row = path.container
            path.container = nil
        }
        return (databases.file(device: parsed.device, partition: parsed.partition, path: path), path, row)
    }

    private func put(_ request: Request) async throws -> Response {
        let (file, path, rowName) = try target(request)
        let timestamp = try BackendRequest.timestamp(request).description
        if let rowName {
            let row = ListingRow(
                name: rowName, timestamp: timestamp, bytes: Int64(request.headers[.xSize] ?? "") ?? 0,
                count: Int64(request.headers[.xCount] ?? "") ?? 1, contentType: request.headers[.xContentType] ?? "",
                etag: request.headers[.xEtag] ?? "")
            return try await updateRow(file, row)
        }
        let metadata = metadataChanges(request.headers, timestamp: timestamp)
        let created = try await Blocking.run { () -> Bool in
            let database = try databases.database(at: file, create: true)!
            let existed = try database.status().exists
            try database.merge(ListingDatabase.Status(path: path.name, created: timestamp, metadata: metadata))
            changed(database)
            return !existed
        }
        return Response(status: created ? .created : .accepted, headers: [.contentLength: "0"])
    }

    private func updateRow(_ file: String, _ row: ListingRow) async throws -> Response {
        let stored = try await Blocking.run { () -> Bool in
            guard let database = try databases.database(at: file, create: false), try database.status().exists else {
                return false
            }
            try database.merge([row])
            changed(database)
            return true
        }
        return Response(status: stored ? .created : .notFound, headers: [.contentLength: "0"])
    }

    private func delete(_ request: Request) async throws -> Response {
        let (file, path, rowName) = try target(request)
        let timestamp = try BackendRequest.timestamp(request).description
        if let rowName {
            return try await updateRow(file, ListingRow(name: rowName, timestamp: timestamp, bytes: 0, count: 0, deleted: true))
        }
        let status = try await Blocking.run { () -> HTTPResponse.Status in
            guard let database = try databases.database(at: file, create: false), try database.status().exists else {
                return .notFound
            }
            guard try database.totals().rows == 0 else { return .conflict }
            try database.merge(ListingDatabase.Status(path: path.name, deleted: timestamp))
            changed(database)
            return .noContent
        }
        return Response(status: status, headers: [.contentLength: "0"])
    }

    private func post(_ request: Request) async throws -> Response {
        let (file, path, rowName) = try target(request)
        guard rowName == nil else { throw APIError.badRequest("POST applies to a \(kind.rawValue).") }
        let timestamp = try BackendRequest.timestamp(request).description
        let metadata = metadataChanges(request.headers, timestamp: timestamp)
        let found = try await Blocking.run { () -> Bool in
            guard let database = try databases.database(at: file, create: false), try database.status().exists else {
                return false
            }
            try database.merge(ListingDatabase.Status(path: path.name, metadata: metadata))
            return true
        }
        return Response(status: found ? .noContent : .notFound, headers: [.contentLength: "0"])
    }

    private func get(_ request: Request, head: Bool) async throws -> Response {
        let (file, _, rowName) = try target(request)
        guard rowName == nil else { throw APIError.badRequest("GET applies to a \(kind.rawValue).") }
        let query = try Self.listingQuery(request.uri.queryParameters)
        let answer = try await Blocking.run { () -> (ListingDatabase.Status, (rows: Int64, count: Int64, bytes: Int64), [ListingEntry])? in
            guard let database = try databases.database(at: file, create: false) else { return nil }
            let status = try database.status()
            guard status.exists else { return nil }
            return (status, try database.totals(), head ? [] : try database.list(query))
        }
        guard let (status, totals, entries) = answer else {
            return Response(status: .notFound, headers: [.contentLength: "0"])
        }
        var headers: HTTPFields = [.xTimestamp: status.created, .xBackendTimestamp: status.created]
        switch kind {
        case .container:
            headers[.xContainerObjectCount] = String(totals.rows)
            headers[.xContainerBytesUsed] = String(totals.bytes)
        case .account:
            headers[.xAccountContainerCount] = String(totals.rows)
            headers[.xAccountObjectCount] = String(totals.count)
            headers[.xAccountBytesUsed] = String(totals.bytes)
        }
        for (key, value) in status.liveMetadata {
            if let name = HTTPField.Name(key) { headers[name] = value }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let body = try encoder.encode(entries.map(ListingJSON.init))
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(head ? 0 : body.count)
        if head { return Response(status: .noContent, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The metadata headers of a PUT or POST (`X-Container-Meta-*`, ACLs), an empty value deleting a key.
    private func metadataChanges(_ headers: HTTPFields, timestamp: String) -> [String: ListingDatabase.MetadataValue] {
        var metadata: [String: ListingDatabase.MetadataValue] = [:]
        for field in headers {
            let name = field.name.canonicalName
            let isACL = kind == .container && (name == "x-container-read" || name == "x-container-write")
            if name.hasPrefix(kind.metadataPrefix) || isACL {
                metadata[field.name.rawName] = .init(value: field.value, timestamp: timestamp)
            }
            if name.hasPrefix("x-remove-" + kind.metadataPrefix.dropFirst(2)) {
                let key = "X-" + field.name.rawName.dropFirst("X-Remove-".count)
                metadata[String(key)] = .init(value: "", timestamp: timestamp)
            }
        }
        return metadata
    }

    static func listingQuery(_ parameters: Hummingbird.Parameters) throws -> ListingQuery {
        var query = ListingQuery()
        if let limit = parameters.get("limit") {
            guard let value = Int(limit), value >= 0, value <= ListingQuery.maximumLimit else {
                throw APIError.badRequest("limit must be an integer from 0 to \(ListingQuery.maximumLimit).")
            }
            query.limit = value
        }
        query.marker = parameters.get("marker").flatMap { $0.isEmpty ? nil : $0 }
        query.endMarker = parameters.get("end_marker").flatMap { $0.isEmpty ? nil : $0 }
        query.prefix = parameters.get("prefix").flatMap { $0.isEmpty ? nil : $0 }
        query.delimiter = parameters.get("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        query.reverse = ["true", "1", "yes", "on"].contains(parameters.get("reverse")?.lowercased() ?? "")
        return query
    }
}

/// A listing entry as Swift's JSON listings show it.
struct ListingJSON: Codable, Sendable {
    var name: String?
    var subdir: String?
    var bytes: Int64?
    var count: Int64?
    var hash: String?
    var content_type: String?
    var last_modified: String?

    init(_ entry: ListingEntry) {
        switch entry {
        case .subdirectory(let prefix):
            subdir = prefix
        case .row(let row):
            name = row.name
            bytes = row.bytes
            if row.etag.isEmpty && row.contentType.isEmpty {
                count = row.count
            } else {
                hash = row.etag
                content_type = row.contentType
                last_modified = ObjectTimestamp(row.timestamp).map(Self.lastModified)
            }
        }
    }

    /// Swift's `last_modified`: `2026-11-23T12:00:00.123450`.
    static func lastModified(_ timestamp: ObjectTimestamp) -> String {
        let seconds = timestamp.units / ObjectTimestamp.unitsPerSecond
        let fraction = timestamp.units % ObjectTimestamp.unitsPerSecond
        let base = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds)))
        return base.dropLast() + "." + String(format: "%05d0", fraction)
    }
}
