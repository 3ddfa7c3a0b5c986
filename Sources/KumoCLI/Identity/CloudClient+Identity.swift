import Foundation
import KumoClient
import NIOHTTP1

extension CloudClient {
    /// `GET /v3/<plural>?<query>`.
    func list(_ resource: IdentityResource, query: [String: String] = [:]) async throws -> [[String: JSONValue]] {
        var url = URLComponents(string: "\(identityURL)/\(resource.plural)")
        if !query.isEmpty {
            url?.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        }
        guard let url = url?.string else { throw CLIError("bad identity URL \(identityURL)") }
        return try resource.members(of: try await send(.GET, url).decode(JSONValue.self))
    }

    /// `GET /v3/<plural>/<id>`.
    func show(_ resource: IdentityResource, id: String) async throws -> [String: JSONValue] {
        try resource.member(of: try await send(.GET, url(resource, id)).decode(JSONValue.self))
    }

    /// `POST /v3/<plural>` with `fields`; the created resource.
    func create(_ resource: IdentityResource, _ fields: [String: JSONValue]) async throws -> [String: JSONValue] {
        let body = JSONValue.object([resource.singular: .object(fields)])
        return try resource.member(of: try await send(.POST, url(resource), json: body).decode(JSONValue.self))
    }

    /// `PATCH /v3/<plural>/<id>` with the `fields` to change; the updated resource.
    @discardableResult
    func update(
        _ resource: IdentityResource, id: String, _ fields: [String: JSONValue]
    ) async throws -> [String: JSONValue] {
        let body = JSONValue.object([resource.singular: .object(fields)])
        return try resource.member(of: try await send(.PATCH, url(resource, id), json: body).decode(JSONValue.self))
    }

    /// `DELETE /v3/<plural>/<id>`.
    func delete(_ resource: IdentityResource, id: String) async throws {
        try await send(.DELETE, url(resource, id))
    }

    /// The resource a user named, as openstack finds it: the one with that name (an error if several
    /// have it), else the one with that ID (identity's 404 if none). A caller who may not list (a member
    /// showing its own project) finds by ID only.
    func find(_ resource: IdentityResource, _ nameOrID: String) async throws -> [String: JSONValue] {
        do {
            let named = try await list(resource, query: ["name": nameOrID])
            if let match = try resource.unique(named: nameOrID, in: named) { return match }
        } catch let failure as APIFailure where failure.status == 403 {}
        return try await show(resource, id: nameOrID)
    }

    /// The ID of the resource named `nameOrID` (see `find`).
    func findID(_ resource: IdentityResource, _ nameOrID: String) async throws -> String {
        guard let id = try await find(resource, nameOrID)["id"]?.string else {
            throw CLIError("identity answered a \(resource.singular) without an id")
        }
        return id
    }

    private func url(_ resource: IdentityResource, _ id: String? = nil) -> String {
        let base = "\(identityURL)/\(resource.plural)"
        guard let id else { return base }
        return base + "/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id)
    }
}
