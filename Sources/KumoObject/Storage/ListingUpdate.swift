import AsyncHTTPClient
import Foundation
import KumoObjectDisk
import NIOCore
import NIOHTTP1

/// A change of a listing row sent to a container server (an object stored or deleted) or to an
/// account server (a container's totals): kept on disk as *async pending* until it is delivered.
struct ListingUpdate: Codable, Sendable, Equatable {
    /// `host:port` of the listing server, its device and partition.
    var host: String
    var device: String
    var partition: Int
    /// The row's path (`/account/container/object` or `/account/container`).
    var path: ObjectPath
    var row: ListingRow

    /// Sends the update; true when the listing server stored it.
    func send(with client: HTTPClient, timeout: TimeAmount) async -> Bool {
        var request = HTTPClientRequest(url: "http://\(host)/\(ObjectPath.encode(device))/\(partition)\(path.encoded)")
        request.method = row.deleted ? .DELETE : .PUT
        request.headers.add(name: "X-Timestamp", value: row.timestamp)
        request.headers.add(name: "X-Size", value: String(row.bytes))
        request.headers.add(name: "X-Count", value: String(row.count))
        request.headers.add(name: "X-Etag", value: row.etag)
        request.headers.add(name: "X-Content-Type", value: row.contentType)
        request.headers.add(name: "Content-Length", value: "0")
        guard let response = try? await client.execute(request, timeout: timeout) else { return false }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return (200..<300).contains(Int(response.status.code))
    }
}

extension ObjectPath: Codable {
    public init(from decoder: any Decoder) throws {
        let parts = try decoder.singleValueContainer().decode([String].self)
        guard let account = parts.first else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "empty path")) }
        self.init(account: account, container: parts.count > 1 ? parts[1] : nil, object: parts.count > 2 ? parts[2] : nil)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode([account, self.container, object].compactMap { $0 })
    }
}

/// Updates not yet delivered, one JSON file each under `<device>/async_pending/`, written durably
/// before the write they belong to is acknowledged.
struct AsyncPending: Sendable {
    let directory: String

    init(device: ObjectDevice) {
        directory = device.root + "/async_pending"
    }

    func save(_ update: ListingUpdate) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "\(update.row.timestamp)-\(UUID().uuidString).json"
        let data = try JSONEncoder().encode(update)
        let temporary = directory + "/." + name
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, directory + "/" + name) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// The pending updates, oldest first, with the files that hold them.
    func all() -> [(file: String, update: ListingUpdate)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            let file = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: file),
                let update = try? JSONDecoder().decode(ListingUpdate.self, from: data)
            else { return nil }
            return (file, update)
        }
    }

    var count: Int { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.count }
}
