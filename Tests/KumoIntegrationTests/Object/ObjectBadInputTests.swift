import Foundation
import KumoClient
import KumoRuntime
import KumoTesting
import NIOHTTP1
import Testing

/// Bad input to the object proxy: clear 4xx errors, nothing half-written.
@Suite("Object store bad input", .serialized, .timeLimit(.minutes(3)))
struct ObjectBadInputTests {
    /// The status of a request, whatever it is.
    func status(_ body: () async throws -> KumoHTTPClient.Response) async -> Int {
        do {
            return try await body().status
        } catch let failure as APIFailure {
            return failure.status
        } catch {
            return -1
        }
    }

    @Test("bad names, wrong ETag, short body, no token, another project's account")
    func badInput() async throws {
        let cloud = try await LocalCloud.start(basePort: 15700)
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let store = try await ObjectStoreFixture(cloud: cloud, http: http)
            let token = store.session.token
            try await store.put("box")

            // Names: too long, `..`, empty.
            let long = String(repeating: "x", count: 1025)
            #expect(await status { try await http.send(.PUT, store.url("box", long), token: token, body: Data("a".utf8)) } == 400)
            #expect(await status { try await http.send(.PUT, store.url("box", "a/%2E%2E/b"), token: token, body: Data("a".utf8)) } == 400)
            #expect(await status { try await http.send(.PUT, store.url("%2E%2E"), token: token) } == 400)
            #expect(await status { try await http.send(.PUT, store.account + "//object", token: token, body: Data("a".utf8)) } == 400)
            #expect(await status { try await http.send(.PUT, store.url(String(repeating: "c", count: 257)), token: token) } == 400)

            // A wrong ETag: 422, and the object does not exist afterwards.
            let wrongETag = await status {
                try await http.send(
                    .PUT, store.url("box", "etag"), token: token, headers: [("ETag", String(repeating: "0", count: 32))],
                    body: Data("payload".utf8))
            }
            #expect(wrongETag == 422)
            #expect(await status { try await http.send(.GET, store.url("box", "etag"), token: token) } == 404)

            // A body shorter than its Content-Length (the client goes away): nothing is stored.
            try await Self.sendShortBody(to: store.url("box", "short"), token: token)
            #expect(await status { try await http.send(.GET, store.url("box", "short"), token: token) } == 404)

            // No token, a bad token: 401; a member of another project: 403.
            #expect(await status { try await http.send(.GET, store.url("box")) } == 401)
            #expect(await status { try await http.send(.GET, store.url("box"), token: "not-a-token") } == 401)
            let identity = cloud.identityURL
            let project = try await http.json(
                JSONValue.self, .POST, identity + "/projects", token: token, json: ["project": ["name": "other"]] as JSONValue)
            let projectID = try #require(project["project"]?["id"]?.string)
            try await http.send(
                .POST, identity + "/users", token: token,
                json: ["user": ["name": "eve", "password": "eve-pw", "default_project_id": .string(projectID)]] as JSONValue)
            let users = try await http.json(JSONValue.self, .GET, identity + "/users?name=eve", token: token)
            let eveID = try #require(users["users"]?.array?.first?["id"]?.string)
            let roles = try await http.json(JSONValue.self, .GET, identity + "/roles?name=member", token: token)
            let memberID = try #require(roles["roles"]?.array?.first?["id"]?.string)
            try await http.send(.PUT, identity + "/projects/\(projectID)/users/\(eveID)/roles/\(memberID)", token: token)
            let eve = try await IdentityClient(client: http).authenticate(
                AuthOptions(authURL: identity, username: "eve", password: "eve-pw", projectID: projectID))
            #expect(await status { try await http.send(.GET, store.url("box"), token: eve.token) } == 403)
            #expect(await status { try await http.send(.PUT, store.url("box", "x"), token: eve.token, body: Data("x".utf8)) } == 403)
            // Eve's own account works.
            let eveAccount = "\(cloud.proxyURL)/v1/AUTH_\(projectID)"
            #expect(await status { try await http.send(.PUT, eveAccount + "/mine", token: eve.token) } == 201)

            // Nothing half-written: no temporary file is left on any device.
            for node in LocalCloud.nodes {
                for device in ["d1", "d2"] {
                    let tmp = cloud.devicePath(node: node, device: device) + "/tmp"
                    #expect(((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).isEmpty, "\(tmp) is empty")
                }
            }
        }
    }

    /// Sends a PUT whose body stops 90 bytes short of its Content-Length, then closes the connection.
    static func sendShortBody(to url: String, token: String) async throws {
        let components = try #require(URLComponents(string: url))
        let script = """
            import socket, sys
            s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
            s.sendall(("PUT %s HTTP/1.1\\r\\nHost: x\\r\\nX-Auth-Token: %s\\r\\nContent-Length: 100\\r\\n\\r\\n" % (sys.argv[3], sys.argv[4])).encode() + b"0123456789")
            s.shutdown(socket.SHUT_WR)
            s.settimeout(10)
            try:
                s.recv(1000)
            except Exception:
                pass
            s.close()
            """
        _ = try await ProcessRunner.run([
            "python3", "-c", script, components.host ?? "127.0.0.1", String(components.port ?? 80), components.percentEncodedPath, token,
        ])
        try await Task.sleep(for: .milliseconds(500))
    }
}
