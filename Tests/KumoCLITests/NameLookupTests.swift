import KumoClient
import Testing

@testable import KumoCLI

@Suite("Finding a resource by name or ID")
struct NameLookupTests {
    static let servers: [[String: JSONValue]] = [
        ["id": "s1", "name": "web"], ["id": "s2", "name": "web"], ["id": "s3", "name": "db"],
        ["id": "s4", "name": "db-1"],
    ]

    static func notFound() throws -> [String: JSONValue] {
        throw APIFailure(status: 404, message: "Instance nope could not be found.", request: "GET /servers/nope")
    }

    @Test("an exact name wins over a looser match; an ID is tried when no name matches")
    func found() async throws {
        let byName = try await NameLookup.find("server", "db", named: { Self.servers }, byID: { try Self.notFound() })
        #expect(byName["id"] == "s3")
        let byID = try await NameLookup.find("server", "s4", named: { Self.servers }, byID: { ["id": "s4"] })
        #expect(byID["id"] == "s4")
    }

    @Test("a name several resources have is refused, naming the kind")
    func ambiguous() async throws {
        await #expect {
            try await NameLookup.find("server", "web", named: { Self.servers }, byID: { try Self.notFound() })
        } throws: { error in
            "\(error)" == "More than one server exists with the name 'web'; give its ID."
        }
    }

    @Test("nothing of that name or ID is a 404 that says what was looked for")
    func missing() async throws {
        await #expect {
            try await NameLookup.find("flavor", "huge", named: { Self.servers }, byID: { try Self.notFound() })
        } throws: { error in
            (error as? APIFailure)?.status == 404
                && "\(error)" == "No flavor with a name or ID of 'huge' exists. (HTTP 404)"
        }
    }

    @Test("hypervisors are found by hostname; numeric IDs read as text")
    func hypervisors() throws {
        let hypervisors: [[String: JSONValue]] = [
            ["id": 1, "hypervisor_hostname": "host1"], ["id": 2, "hypervisor_hostname": "host2"],
        ]
        let found = try NameLookup.unique("hypervisor", named: "host2", in: hypervisors, key: "hypervisor_hostname")
        #expect(try NameLookup.id(of: try #require(found), "hypervisor") == "2")
        #expect(throws: CLIError.self) { try NameLookup.id(of: ["name": "x"], "server") }
    }
}
