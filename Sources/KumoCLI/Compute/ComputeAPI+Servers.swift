import KumoClient
import NIOHTTP1

extension ComputeAPI {
    /// `GET /servers/{id}`.
    func server(_ id: String) async throws -> Resource {
        try Self.member(try await send(.GET, "/servers/" + Self.segment(id)), "server")
    }

    /// The server named `nameOrID`: by name (`GET /servers?name=`, an exact match), else by ID.
    func findServer(_ nameOrID: String) async throws -> Resource {
        try await NameLookup.find(
            "server", nameOrID,
            named: { try await list(Self.path("/servers/detail", query: [("name", nameOrID)]), key: "servers") },
            byID: { try await server(nameOrID) })
    }

    /// The ID of the server named `nameOrID`.
    func serverID(_ nameOrID: String) async throws -> String {
        try NameLookup.id(of: try await findServer(nameOrID), "server")
    }

    /// `GET /servers/detail`, of every project with `allProjects` (admin only).
    func servers(allProjects: Bool = false, status: String? = nil, name: String? = nil) async throws -> [Resource] {
        let query = [("all_tenants", allProjects ? "1" : nil), ("status", status), ("name", name)]
        return try await list(Self.path("/servers/detail", query: query), key: "servers")
    }

    /// `POST /servers`: the answer's `server` (its ID, links and perhaps `adminPass`).
    func createServer(_ body: JSONValue) async throws -> Resource {
        try Self.member(try await send(.POST, "/servers", json: body), "server")
    }

    /// `DELETE /servers/{id}`.
    func deleteServer(_ id: String) async throws {
        try await send(.DELETE, "/servers/" + Self.segment(id))
    }

    /// `POST /servers/{id}/action` with `body`, e.g. `{"pause": null}`; the answer, if any.
    @discardableResult
    func act(_ id: String, _ body: JSONValue) async throws -> JSONValue {
        try await send(.POST, "/servers/\(Self.segment(id))/action", json: body)
    }

    /// The console log (`os-getConsoleOutput`): its last `lines` lines, or all of it.
    func consoleOutput(_ id: String, lines: Int?) async throws -> String {
        let answer = try await act(id, ["os-getConsoleOutput": ["length": lines.map { .number(Double($0)) } ?? .null]])
        guard let output = answer["output"]?.string else {
            throw CLIError("the compute service answered a console request without \"output\"")
        }
        return output
    }

    /// `GET /servers/{id}/os-instance-actions`.
    func instanceActions(_ id: String) async throws -> [Resource] {
        try await list("/servers/\(Self.segment(id))/os-instance-actions", key: "instanceActions")
    }

    /// `GET /servers/{id}/os-instance-actions/{request_id}`, with its events.
    func instanceAction(_ id: String, requestID: String) async throws -> Resource {
        let path = "/servers/\(Self.segment(id))/os-instance-actions/\(Self.segment(requestID))"
        return try Self.member(try await send(.GET, path), "instanceAction")
    }

    /// Names of the flavors and images of `servers`, for showing them: every flavor the project sees and
    /// every image (when some server has one).
    func names(of servers: [Resource]) async throws -> ServerFields.Names {
        var names = ServerFields.Names()
        guard !servers.isEmpty else { return names }
        for flavor in try await flavors() {
            if let id = flavor["id"]?.string, let name = flavor["name"]?.string { names.flavors[id] = name }
        }
        if servers.contains(where: { $0["image"]?["id"] != nil }) {
            for image in try await ImageAPI(cloud).list() {
                if let id = image["id"]?.string, let name = image["name"]?.string { names.images[id] = name }
            }
        }
        return names
    }
}
