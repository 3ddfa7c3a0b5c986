import KumoClient
import NIOHTTP1

extension ComputeAPI {
    /// `GET /os-keypairs`: each `{"keypair": {...}}` unwrapped.
    func keypairs() async throws -> [Resource] {
        try await list("/os-keypairs", key: "keypairs").map { try Self.member(.object($0), "keypair") }
    }

    /// `GET /os-keypairs/{name}`.
    func keypair(_ name: String) async throws -> Resource {
        try Self.member(try await send(.GET, "/os-keypairs/" + Self.segment(name)), "keypair")
    }

    /// `POST /os-keypairs`: imports `publicKey`, or has Nova generate a pair (whose `private_key` the
    /// answer holds, once).
    func createKeypair(name: String, publicKey: String?) async throws -> Resource {
        var fields: [String: JSONValue] = ["name": .string(name)]
        if let publicKey { fields["public_key"] = .string(publicKey) }
        return try Self.member(try await send(.POST, "/os-keypairs", json: ["keypair": .object(fields)]), "keypair")
    }

    /// `DELETE /os-keypairs/{name}`.
    func deleteKeypair(_ name: String) async throws {
        try await send(.DELETE, "/os-keypairs/" + Self.segment(name))
    }
}
