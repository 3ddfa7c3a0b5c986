import Foundation
import Testing

@testable import KumoCLI
@testable import KumoClient

@Suite("Session cache")
struct SessionCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-cli-\(UUID().uuidString)")
    var cache: SessionCache { SessionCache(file: directory.appendingPathComponent("kumo/session.json")) }

    static let admin = AuthOptions(
        authURL: "http://127.0.0.1:5000/", username: "admin", password: "secret", projectName: "admin")

    static func session(expiresIn seconds: TimeInterval, now: Date = Date()) -> IdentitySession {
        IdentitySession(
            token: "token-\(UUID().uuidString)", expiresAt: now.addingTimeInterval(seconds), userID: "u1",
            userName: "admin", projectID: "p1", projectName: "admin", roles: ["admin"],
            catalog: [
                .init(
                    type: "identity", name: "keystone",
                    endpoints: [.init(interface: "public", region: "RegionOne", url: "http://127.0.0.1:5000/v3/")])
            ])
    }

    @Test("a saved session comes back for the same options, from a file only its owner can read")
    func roundTrip() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Self.session(expiresIn: 3600)
        try cache.save(session, for: Self.admin)
        #expect(cache.session(for: Self.admin)?.token == session.token)
        // The same cloud spelled with /v3 is the same key.
        var spelled = Self.admin
        spelled.authURL = "http://127.0.0.1:5000/v3"
        #expect(cache.session(for: spelled) == cache.session(for: Self.admin))
        let mode = try FileManager.default.attributesOfItem(atPath: cache.file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.file.deletingLastPathComponent().path)
        #expect(files == ["session.json"])
        #expect(try cache.session(for: Self.admin)?.endpoint(type: "identity") == "http://127.0.0.1:5000/v3")
    }

    @Test(
        "another auth URL, user, domain or project authenticates afresh",
        arguments: [
            AuthOptions(
                authURL: "http://10.0.0.1:5000/v3", username: "admin", password: "secret", projectName: "admin"),
            AuthOptions(
                authURL: "http://127.0.0.1:5000/v3", username: "alice", password: "secret", projectName: "admin"),
            AuthOptions(
                authURL: "http://127.0.0.1:5000/v3", username: "admin", password: "secret", userDomainName: "Other",
                projectName: "admin"),
            AuthOptions(
                authURL: "http://127.0.0.1:5000/v3", username: "admin", password: "secret", projectName: "demo"),
            AuthOptions(authURL: "http://127.0.0.1:5000/v3", username: "admin", password: "secret", projectID: "p1"),
            AuthOptions(authURL: "http://127.0.0.1:5000/v3", username: "admin", password: "secret"),
        ])
    func otherIdentity(options: AuthOptions) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try cache.save(Self.session(expiresIn: 3600), for: Self.admin)
        #expect(cache.session(for: options) == nil)
    }

    @Test("a session with 30 seconds or less left is not reused")
    func expiry() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date()
        try cache.save(Self.session(expiresIn: 60, now: now), for: Self.admin)
        #expect(cache.session(for: Self.admin, now: now) != nil)
        #expect(cache.session(for: Self.admin, now: now.addingTimeInterval(29)) != nil)
        #expect(cache.session(for: Self.admin, now: now.addingTimeInterval(31)) == nil)
    }

    @Test("a token login is never cached")
    func tokenLogin() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = AuthOptions(authURL: "http://127.0.0.1:5000/v3", token: "abc")
        try cache.save(Self.session(expiresIn: 3600), for: token)
        #expect(!FileManager.default.fileExists(atPath: cache.file.path))
        #expect(cache.session(for: token) == nil)
    }

    @Test("a damaged file is ignored and removed by logout")
    func damaged() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: cache.file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: cache.file)
        #expect(cache.load() == nil)
        #expect(cache.session(for: Self.admin) == nil)
        try cache.remove()
        #expect(!FileManager.default.fileExists(atPath: cache.file.path))
        try cache.remove()
    }

    @Test("KUMO_HOME holds the file, else ~/.config/kumo")
    func location() {
        #expect(SessionCache.standard(environment: ["KUMO_HOME": "/tmp/k"]).file.path == "/tmp/k/session.json")
        #expect(SessionCache.standard(environment: [:]).file.path.hasSuffix("/.config/kumo/session.json"))
    }
}
