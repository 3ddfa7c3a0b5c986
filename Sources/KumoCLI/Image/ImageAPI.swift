import AsyncHTTPClient
import Foundation
import KumoClient
import NIOCore
import NIOHTTP1

/// The Image v2 API at the catalog's `image` endpoint, and the requests the `image` commands make of it.
struct ImageAPI: Sendable {
    typealias Image = [String: JSONValue]

    let cloud: CloudClient
    /// The API's root, e.g. `http://127.0.0.1:9292`.
    let endpoint: String

    /// Longest an upload may take until its answer starts (its body is sent by then).
    static let transferTimeout: TimeAmount = .hours(24)

    init(_ cloud: CloudClient) throws {
        self.cloud = cloud
        let endpoint = try cloud.endpoint(type: "image")
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
    }

    func url(_ path: String) -> String { endpoint + path }

    /// `/v2/images/{id}` (and below it).
    func imageURL(_ id: String, _ suffix: String = "") -> String {
        url("/v2/images/" + ObjectStore.encoded(id) + suffix)
    }

    /// Every image the project sees (matching `name` when given), page by page along the `next` links.
    func list(name: String? = nil) async throws -> [Image] {
        var next: String? = "/v2/images" + (name.map { "?name=" + ObjectStore.encoded($0) } ?? "")
        var images: [Image] = []
        while let path = next {
            let page = try await cloud.send(.GET, url(path)).decode(JSONValue.self)
            guard let items = page["images"]?.array else { throw CLIError("the image service answered a list without \"images\"") }
            let members = try items.map(Self.object)
            images += members
            next = members.isEmpty ? nil : page["next"]?.string
        }
        return images
    }

    /// The image named `nameOrID` (as openstack finds one: by name, else by ID).
    /// - Throws: a `CLIError` when several images have that name; a 404 naming it when none does.
    func find(_ nameOrID: String) async throws -> Image {
        try await NameLookup.find(
            "image", nameOrID, named: { try await list(name: nameOrID) }, byID: { try await image(nameOrID) })
    }

    /// `GET /v2/images/{id}`.
    func image(_ id: String) async throws -> Image {
        try Self.object(try await cloud.send(.GET, imageURL(id)).decode(JSONValue.self))
    }

    /// `POST /v2/images`: a new, queued image.
    func create(_ body: JSONValue) async throws -> Image {
        try Self.object(try await cloud.send(.POST, url("/v2/images"), json: body).decode(JSONValue.self))
    }

    /// Streams the file to `PUT /v2/images/{id}/file` with its Content-Length; the MD5 of the bytes sent.
    func upload(_ id: String, file: OpenFile, progress: ProgressReporter) async throws -> String {
        let size = try file.size()
        let digest = MD5Digest()
        var request = HTTPClientRequest(url: imageURL(id, "/file"))
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        let chunks = FileChunks(file: file, range: 0..<size) { chunk in
            digest.update(chunk)
            progress.add(chunk.readableBytes)
        }
        request.body = .stream(chunks, length: .known(Int64(size)))
        let response = try await cloud.execute(request, timeout: Self.transferTimeout)
        _ = try await response.body.collect(upTo: 1 << 20)
        return digest.hex
    }

    /// `PATCH /v2/images/{id}` with a JSON patch; the image as it is now.
    @discardableResult
    func update(_ id: String, patch: JSONValue) async throws -> Image {
        let body = try JSONEncoder().encode(patch)
        let response = try await cloud.send(
            .PATCH, imageURL(id), headers: [("Content-Type", ImageFields.patchMediaType)], body: body)
        return try Self.object(try response.decode(JSONValue.self))
    }

    /// `DELETE /v2/images/{id}`.
    func delete(_ id: String) async throws {
        try await cloud.send(.DELETE, imageURL(id))
    }

    /// Downloads the data of image `id` to `path`, checked against its SHA-512 (else MD5) and size.
    func download(_ id: String, to path: String, progress: ProgressReporter) async throws {
        let client = ImageClient(client: cloud.http, endpoint: endpoint, token: cloud.token)
        try await CloudClient.reaching(imageURL(id, "/file")) {
            do {
                try await client.download(id, to: path) { progress.add($0) }
            } catch let error as ImageDownloadError {
                throw CLIError(error.description)
            }
        }
    }

    static func object(_ value: JSONValue) throws -> Image {
        guard case .object(let fields) = value else { throw CLIError("the image service answered a non-object") }
        return fields
    }
}

extension CloudOptions {
    /// Runs `body` signed in, with the Image API.
    func withImages<T>(_ body: (ImageAPI) async throws -> T) async throws -> T {
        try await withCloud { try await body(try ImageAPI($0)) }
    }
}
