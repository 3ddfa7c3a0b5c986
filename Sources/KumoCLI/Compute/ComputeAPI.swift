import Foundation
import KumoClient
import NIOHTTP1

/// The Compute v2.1 API at the catalog's `compute` endpoint, spoken at microversion 2.1.
struct ComputeAPI: Sendable {
    typealias Resource = [String: JSONValue]

    let cloud: CloudClient
    /// The API's root, e.g. `http://127.0.0.1:8774/v2.1`.
    let endpoint: String

    /// Both spellings of the microversion header: the generic one and Nova's own.
    static let versionHeaders = [("OpenStack-API-Version", "compute 2.1"), ("X-OpenStack-Nova-API-Version", "2.1")]

    init(_ cloud: CloudClient) throws {
        self.cloud = cloud
        let endpoint = try cloud.endpoint(type: "compute")
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
    }

    /// A path segment made of a user's text (a name or ID), percent-encoded.
    static func segment(_ text: String) -> String { ObjectStore.encoded(text) }

    /// A path below the endpoint with the query items whose values are given, in the order given.
    static func path(_ path: String, query: [(String, String?)] = []) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(ObjectStore.encoded($0))" } }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// Sends a request to `path` below the endpoint; the answer's JSON, or `.null` for an empty body.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil) async throws -> JSONValue {
        let response = try await cloud.send(method, endpoint + path, headers: Self.versionHeaders, json: json)
        return response.body.isEmpty ? .null : try response.decode(JSONValue.self)
    }

    /// `GET path`, the array under `key` of its answer.
    func list(_ path: String, key: String) async throws -> [Resource] {
        guard let items = try await send(.GET, path)[key]?.array else {
            throw CLIError("the compute service answered without \"\(key)\"")
        }
        return try items.map(Self.object)
    }

    /// The object under `key` of an answer.
    static func member(_ body: JSONValue, _ key: String) throws -> Resource {
        guard let member = body[key] else { throw CLIError("the compute service answered without \"\(key)\"") }
        return try object(member)
    }

    static func object(_ value: JSONValue) throws -> Resource {
        guard case .object(let fields) = value else { throw CLIError("the compute service answered a non-object") }
        return fields
    }
}

extension CloudOptions {
    /// Runs `body` signed in, with the Compute API.
    @discardableResult
    func withCompute<T>(_ body: (ComputeAPI) async throws -> T) async throws -> T {
        try await withCloud { try await body(try ComputeAPI($0)) }
    }
}
