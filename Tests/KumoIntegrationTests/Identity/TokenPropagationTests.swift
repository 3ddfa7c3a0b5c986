import Foundation
import KumoAuth
import KumoBus
import KumoClient
import KumoRuntime
import KumoTesting
import Logging
import Testing

/// Another service's view of tokens, kept by `TokenVerification` over the bus from a real `kumod identity`.
@Suite("Token keys and revocations reach other services", .serialized, .timeLimit(.minutes(3)))
struct TokenPropagationTests {
    static let port = 15002
    static let password = LocalCloud.adminPassword

    @Test("a revoked token is refused by another service within a second; key rotation keeps live tokens valid")
    func revocationAndRotation() async throws {
        let cloud = try await LocalCloud.start(basePort: Self.port, objectStore: false)
        defer { cloud.shutdown() }
        var broker = try await TestBroker.shared.settings()
        broker.vhost = cloud.environment["KUMO_BUS_VHOST"] ?? "/"
        let admin = AuthOptions(
            authURL: "http://127.0.0.1:\(Self.port)/v3", username: "admin", password: Self.password, projectName: "admin")

        try await withTestBus(settings: broker) { bus in
            let follower = TokenVerification(bus: bus, logger: Logger(label: "test.follower"), maxTokenLifetime: 3600)
            let following = Task { try await follower.run() }
            defer { following.cancel() }
            try await KumoHTTPClient.with { http in
                let client = IdentityClient(client: http)
                var adminSession: IdentitySession?
                try await eventually { adminSession = try? await client.authenticate(admin); return adminSession != nil }
                let adminToken = try #require(adminSession).token
                try await eventually { follower.isReady }

                let victim = try await client.authenticate(admin).token
                #expect(try follower.verifier.verify(victim).userName == "admin")
                try await client.revoke(victim, options: admin, token: adminToken)
                let revokedAt = ContinuousClock.now
                try await eventually(within: .seconds(1)) { (try? follower.verifier.verify(victim)) == nil }
                #expect(ContinuousClock.now - revokedAt < .seconds(1))
                #expect(throws: TokenError.self) { try follower.verifier.verify(victim) }
                #expect(try follower.verifier.verify(adminToken).userName == "admin")

                // Rotation: the follower learns the new key set; tokens of the old primary stay valid and
                // tokens of the new primary verify.
                let keysBefore = follower.verifier.keyIDs
                try await cloud.run(["identity", "rotate-keys"])
                try await eventually { follower.verifier.keyIDs != keysBefore }
                #expect(follower.verifier.keyIDs.count == 3)
                #expect(try follower.verifier.verify(adminToken).userName == "admin")
                let fresh = try await client.authenticate(admin).token
                #expect(try follower.verifier.verify(fresh).userName == "admin")
                #expect(Self.kid(of: fresh) != Self.kid(of: adminToken))
                #expect(keysBefore.contains(Self.kid(of: fresh)))
            }
        }
    }

    /// The `kid` in a token's JWS header.
    static func kid(of token: String) -> String {
        let header = token.split(separator: ".")[0]
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let json = (try? JSONSerialization.jsonObject(with: Data(base64Encoded: base64) ?? Data())) as? [String: Any]
        return json?["kid"] as? String ?? ""
    }
}
