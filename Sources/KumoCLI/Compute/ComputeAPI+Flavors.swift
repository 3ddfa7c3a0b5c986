import KumoClient
import NIOHTTP1

extension ComputeAPI {
    /// `GET /flavors/detail`: the flavors the project sees.
    func flavors() async throws -> [Resource] {
        try await list("/flavors/detail", key: "flavors")
    }

    /// `GET /flavors/{id}`.
    func flavor(_ id: String) async throws -> Resource {
        try Self.member(try await send(.GET, "/flavors/" + Self.segment(id)), "flavor")
    }

    /// The flavor named `nameOrID`: by name among `GET /flavors/detail`, else by ID.
    func findFlavor(_ nameOrID: String) async throws -> Resource {
        try await NameLookup.find(
            "flavor", nameOrID, named: { try await flavors() }, byID: { try await flavor(nameOrID) })
    }

    /// The ID of the flavor named `nameOrID`.
    func flavorID(_ nameOrID: String) async throws -> String {
        try NameLookup.id(of: try await findFlavor(nameOrID), "flavor")
    }

    /// `POST /flavors`.
    func createFlavor(_ body: JSONValue) async throws -> Resource {
        try Self.member(try await send(.POST, "/flavors", json: body), "flavor")
    }

    /// `DELETE /flavors/{id}`.
    func deleteFlavor(_ id: String) async throws {
        try await send(.DELETE, "/flavors/" + Self.segment(id))
    }

    /// `GET /flavors/{id}/os-extra_specs`.
    func extraSpecs(_ id: String) async throws -> Resource {
        try Self.member(try await send(.GET, "/flavors/\(Self.segment(id))/os-extra_specs"), "extra_specs")
    }

    /// `POST /flavors/{id}/os-extra_specs`: adds or replaces `specs`.
    func setExtraSpecs(_ id: String, _ specs: [String: String]) async throws {
        let body: JSONValue = ["extra_specs": .object(specs.mapValues(JSONValue.string))]
        try await send(.POST, "/flavors/\(Self.segment(id))/os-extra_specs", json: body)
    }
}
