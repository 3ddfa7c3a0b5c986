import KumoClient
import NIOHTTP1

extension ComputeAPI {
    /// `GET /os-hypervisors/detail`.
    func hypervisors() async throws -> [Resource] {
        try await list("/os-hypervisors/detail", key: "hypervisors")
    }

    /// The hypervisor named `nameOrID`: by `hypervisor_hostname`, else `GET /os-hypervisors/{id}`.
    func findHypervisor(_ nameOrID: String) async throws -> Resource {
        try await NameLookup.find(
            "hypervisor", nameOrID, key: "hypervisor_hostname", named: { try await hypervisors() },
            byID: { try Self.member(try await send(.GET, "/os-hypervisors/" + Self.segment(nameOrID)), "hypervisor") })
    }

    /// `GET /os-hypervisors/statistics`: the sums over all hypervisors.
    func hypervisorStatistics() async throws -> Resource {
        try Self.member(try await send(.GET, "/os-hypervisors/statistics"), "hypervisor_statistics")
    }

    /// `GET /os-services`.
    func services(host: String? = nil, binary: String? = nil) async throws -> [Resource] {
        try await list(Self.path("/os-services", query: [("host", host), ("binary", binary)]), key: "services")
    }

    /// Enables or disables scheduling to the `binary` service of `host`, the 2.1 way:
    /// `PUT /os-services/enable`, `/disable` or `/disable-log-reason`; the answer's `service`.
    @discardableResult
    func setService(host: String, binary: String, enabled: Bool, reason: String?) async throws -> Resource {
        var body: [String: JSONValue] = ["host": .string(host), "binary": .string(binary)]
        let action: String
        if enabled {
            action = "enable"
        } else if let reason {
            (action, body["disabled_reason"]) = ("disable-log-reason", .string(reason))
        } else {
            action = "disable"
        }
        return try Self.member(try await send(.PUT, "/os-services/" + action, json: .object(body)), "service")
    }
}
