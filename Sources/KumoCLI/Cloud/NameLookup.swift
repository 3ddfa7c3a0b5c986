import KumoClient

/// How `kumo` finds the resource a user named, as openstack does: the one whose name is that (several
/// are an error), else the one whose ID is that.
enum NameLookup {
    typealias Resource = [String: JSONValue]

    /// The one of `candidates` whose `key` is `name`: nil if none is, an error if several are.
    static func unique(
        _ kind: String, named name: String, in candidates: [Resource], key: String = "name"
    ) throws -> Resource? {
        let named = candidates.filter { $0[key]?.string == name }
        guard named.count <= 1 else {
            throw CLIError("More than one \(kind) exists with the name '\(name)'; give its ID.")
        }
        return named.first
    }

    /// The resource named `nameOrID`: the unique one of `named()` with that name, else `byID()`, whose
    /// 404 becomes a message naming what was looked for.
    static func find(
        _ kind: String, _ nameOrID: String, key: String = "name", named: () async throws -> [Resource],
        byID: () async throws -> Resource
    ) async throws -> Resource {
        if let match = try unique(kind, named: nameOrID, in: try await named(), key: key) { return match }
        do {
            return try await byID()
        } catch var failure as APIFailure where failure.status == 404 {
            failure.message = "No \(kind) with a name or ID of '\(nameOrID)' exists."
            throw failure
        }
    }

    /// The `id` of a found resource, as a string (Nova's hypervisors and services have numeric ones).
    static func id(of resource: Resource, _ kind: String) throws -> String {
        switch resource["id"] {
        case .string(let id)?: id
        case .number(let id)?: JSONValue.number(id).cellText
        default: throw CLIError("the API answered a \(kind) without an id")
        }
    }
}
