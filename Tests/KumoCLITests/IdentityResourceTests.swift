import Foundation
import KumoClient
import Testing

@testable import KumoCLI

@Suite("Finding identity resources by name or ID")
struct IdentityResourceTests {
    /// `GET /v3/projects?name=demo` of a cloud with a `demo` project in two domains.
    static let listing = """
        {"projects": [
            {"id": "p1", "name": "demo", "domain_id": "default", "enabled": true,
             "links": {"self": "http://127.0.0.1:5000/v3/projects/p1"}},
            {"id": "p2", "name": "demo", "domain_id": "other", "enabled": true,
             "links": {"self": "http://127.0.0.1:5000/v3/projects/p2"}},
            {"id": "p3", "name": "demo-2", "domain_id": "default", "enabled": false,
             "links": {"self": "http://127.0.0.1:5000/v3/projects/p3"}}
        ], "links": {"self": "http://127.0.0.1:5000/v3/projects", "previous": null, "next": null}}
        """

    func members() throws -> [[String: JSONValue]] {
        try IdentityResource.project.members(of: JSONDecoder().decode(JSONValue.self, from: Data(Self.listing.utf8)))
    }

    @Test("a listing's members come without their links")
    func listing() throws {
        let members = try members()
        #expect(members.map { $0["id"] } == ["p1", "p2", "p3"])
        #expect(members.allSatisfy { $0["links"] == nil })
        #expect(members[2]["enabled"] == false)
    }

    @Test("a unique name finds its resource; an unknown one finds none (the ID is tried next)")
    func unique() throws {
        let members = try members()
        #expect(try IdentityResource.project.unique(named: "demo-2", in: members)?["id"] == "p3")
        #expect(try IdentityResource.project.unique(named: "p1", in: members) == nil)
        #expect(try IdentityResource.project.unique(named: "demo", in: Array(members.dropFirst()))?["id"] == "p2")
    }

    @Test("a name several resources have is an error that says so")
    func ambiguous() throws {
        let members = try members()
        #expect {
            try IdentityResource.project.unique(named: "demo", in: members)
        } throws: { error in
            "\(error)" == "More than one project exists with the name 'demo'; give its ID."
        }
    }

    @Test("a single resource body is unwrapped; a body without it is an error")
    func member() throws {
        let body = try JSONDecoder().decode(
            JSONValue.self, from: Data(#"{"role": {"id": "r1", "name": "member", "links": {"self": "x"}}}"#.utf8))
        #expect(try IdentityResource.role.member(of: body) == ["id": "r1", "name": "member"])
        #expect(throws: CLIError.self) { try IdentityResource.user.member(of: body) }
        #expect(throws: CLIError.self) { try IdentityResource.user.members(of: body) }
    }

    @Test("assignment cells read name@domain with --names, else the ID")
    func assignmentLabels() throws {
        let user = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(#"{"id": "u1", "name": "alice", "domain": {"id": "default", "name": "Default"}}"#.utf8))
        #expect(RoleAssignmentCommand.List.label(user) == "alice@Default")
        #expect(RoleAssignmentCommand.List.label(["id": "r1", "name": "member"]) == "member")
        #expect(RoleAssignmentCommand.List.label(["id": "u1"]) == "u1")
        #expect(RoleAssignmentCommand.List.label(nil) == "")
    }
}
