import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KumoHTTP
import Testing

@testable import KumoIdentity

/// Updates and deletions of domains, regions, services and endpoints; effective role assignments.
extension IdentityAPITests {
    /// Sends a request as `token` with an optional JSON body; returns the status and the JSON answer.
    func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String,
        _ object: Any? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var headers: HTTPFields = [.authToken: token]
        if object != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: try object.map(json))
        return (response.status, response.body.readableBytes == 0 ? [:] : try body(response))
    }

    func id(_ answer: (status: HTTPResponse.Status, body: [String: Any]), _ key: String) throws -> String {
        try #require((answer.body[key] as? [String: Any])?["id"] as? String)
    }

    @Test("a domain is renamed, disabled (its users' tokens die) and only then deleted with what it owns")
    func domainLifecycle() async throws {
        try await withIdentity { client, _ in
            let admin = try await adminToken(client)
            let domain = try id(try await send(client, .post, "/v3/domains", token: admin, ["domain": ["name": "acme"]]), "domain")
            _ = try await send(client, .post, "/v3/projects", token: admin, ["project": ["name": "p", "domain_id": domain]])
            _ = try await send(client, .post, "/v3/users", token: admin, ["user": ["name": "bob", "domain_id": domain, "password": "pw"]])
            let renamed = try await send(client, .patch, "/v3/domains/\(domain)", token: admin, ["domain": ["name": "acme-2"]])
            #expect((renamed.body["domain"] as? [String: Any])?["name"] as? String == "acme-2")

            let enabledDelete = try await send(client, .delete, "/v3/domains/\(domain)", token: admin)
            #expect(enabledDelete.status == .forbidden)
            #expect(((enabledDelete.body["error"] as? [String: Any])?["message"] as? String)?.contains("disable") == true)

            let bobAuth: [String: Any] = [
                "identity": ["methods": ["password"], "password": ["user": ["name": "bob", "domain": ["id": domain], "password": "pw"]]]
            ]
            let bobToken = try #require(
                try await client.execute(
                    uri: "/v3/auth/tokens", method: .post, headers: [.contentType: "application/json"],
                    body: json(["auth": bobAuth])
                ).headers[.subjectToken])
            #expect(try await send(client, .patch, "/v3/domains/\(domain)", token: admin, ["domain": ["enabled": false]]).status == .ok)
            let check = try await client.execute(
                uri: "/v3/auth/tokens", method: .get, headers: [.authToken: admin, .subjectToken: bobToken])
            #expect(check.status == .notFound)

            #expect(try await send(client, .delete, "/v3/domains/\(domain)", token: admin).status == .noContent)
            #expect(try await send(client, .get, "/v3/domains/\(domain)", token: admin).status == .notFound)
            let projects = try await send(client, .get, "/v3/projects?domain_id=\(domain)", token: admin)
            #expect((projects.body["projects"] as? [Any])?.isEmpty == true)
            let users = try await send(client, .get, "/v3/users?name=bob", token: admin)
            #expect((users.body["users"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("PATCH refuses an empty change and a changed id or domain_id, changing nothing")
    func updateRules() async throws {
        try await withIdentity { client, _ in
            let admin = try await adminToken(client)
            let project = try id(try await send(client, .post, "/v3/projects", token: admin, ["project": ["name": "p"]]), "project")
            let empty = try await send(client, .patch, "/v3/projects/\(project)", token: admin, ["project": [String: Any]()])
            #expect(empty.status == .badRequest)
            let moved = try await send(
                client, .patch, "/v3/projects/\(project)", token: admin, ["project": ["domain_id": "elsewhere", "name": "q"]])
            #expect(moved.status == .badRequest)
            #expect(((moved.body["error"] as? [String: Any])?["message"] as? String)?.contains("domain_id") == true)
            let shown = try await send(client, .get, "/v3/projects/\(project)", token: admin)
            #expect((shown.body["project"] as? [String: Any])?["name"] as? String == "p")
        }
    }

    @Test("regions are created, described and deleted; one in use by an endpoint cannot be deleted")
    func regions() async throws {
        try await withIdentity { client, _ in
            let admin = try await adminToken(client)
            #expect(try await send(client, .post, "/v3/regions", token: admin, ["region": ["id": "west"]]).status == .created)
            #expect(try await send(client, .post, "/v3/regions", token: admin, ["region": ["id": "west"]]).status == .conflict)
            let child = try await send(client, .post, "/v3/regions", token: admin, ["region": ["id": "w2", "parent_region_id": "nowhere"]])
            #expect(child.status == .notFound)
            let patched = try await send(client, .patch, "/v3/regions/west", token: admin, ["region": ["description": "sunset"]])
            #expect((patched.body["region"] as? [String: Any])?["description"] as? String == "sunset")

            let serviceID = try id(try await send(client, .post, "/v3/services", token: admin, ["service": ["type": "dns", "name": "dns"]]), "service")
            let endpoint = try id(
                try await send(
                    client, .post, "/v3/endpoints", token: admin,
                    ["endpoint": ["service_id": serviceID, "interface": "public", "url": "http://x:53", "region_id": "west"]]),
                "endpoint")
            #expect(try await send(client, .delete, "/v3/regions/west", token: admin).status == .conflict)

            let moved = try await send(
                client, .patch, "/v3/endpoints/\(endpoint)", token: admin, ["endpoint": ["url": "http://y:53", "interface": "internal"]])
            #expect((moved.body["endpoint"] as? [String: Any])?["url"] as? String == "http://y:53")
            let badInterface = try await send(client, .patch, "/v3/endpoints/\(endpoint)", token: admin, ["endpoint": ["interface": "side"]])
            #expect(badInterface.status == .badRequest)
            let renamed = try await send(client, .patch, "/v3/services/\(serviceID)", token: admin, ["service": ["name": "designate"]])
            #expect((renamed.body["service"] as? [String: Any])?["name"] as? String == "designate")

            // Deleting the service takes its endpoints; then the region is free.
            #expect(try await send(client, .delete, "/v3/services/\(serviceID)", token: admin).status == .noContent)
            #expect(try await send(client, .get, "/v3/endpoints/\(endpoint)", token: admin).status == .notFound)
            #expect(try await send(client, .delete, "/v3/regions/west", token: admin).status == .noContent)
            #expect(try await send(client, .delete, "/v3/regions/west", token: admin).status == .notFound)
        }
    }

    @Test("effective role assignments list group grants as grants of each member, linked to the membership")
    func effectiveAssignments() async throws {
        try await withIdentity { client, _ in
            let admin = try await adminToken(client)
            let project = try id(try await send(client, .post, "/v3/projects", token: admin, ["project": ["name": "p"]]), "project")
            let user = try id(try await send(client, .post, "/v3/users", token: admin, ["user": ["name": "carol", "password": "pw"]]), "user")
            let group = try id(try await send(client, .post, "/v3/groups", token: admin, ["group": ["name": "ops"]]), "group")
            #expect(try await send(client, .put, "/v3/groups/\(group)/users/\(user)", token: admin).status == .noContent)
            let roles = try await send(client, .get, "/v3/roles?name=reader", token: admin)
            let reader = try #require(((roles.body["roles"] as? [[String: Any]])?.first)?["id"] as? String)
            #expect(try await send(client, .put, "/v3/projects/\(project)/groups/\(group)/roles/\(reader)", token: admin).status == .noContent)

            let direct = try await send(client, .get, "/v3/role_assignments?scope.project.id=\(project)", token: admin)
            let directEntries = try #require(direct.body["role_assignments"] as? [[String: Any]])
            #expect(directEntries.count == 1)
            #expect((directEntries.first?["group"] as? [String: Any])?["id"] as? String == group)

            let effective = try await send(client, .get, "/v3/role_assignments?scope.project.id=\(project)&effective", token: admin)
            let entries = try #require(effective.body["role_assignments"] as? [[String: Any]])
            #expect(entries.count == 1)
            #expect((entries.first?["user"] as? [String: Any])?["id"] as? String == user)
            #expect(entries.first?["group"] == nil)
            let links = try #require(entries.first?["links"] as? [String: String])
            #expect(links["membership"]?.hasSuffix("/v3/groups/\(group)/users/\(user)") == true)
            #expect(links["assignment"]?.contains("/groups/\(group)/roles/\(reader)") == true)

            let byUser = try await send(client, .get, "/v3/role_assignments?user.id=\(user)&effective", token: admin)
            #expect((byUser.body["role_assignments"] as? [Any])?.count == 1)
        }
    }
}
