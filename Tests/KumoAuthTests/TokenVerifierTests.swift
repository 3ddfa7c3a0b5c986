import Crypto
import Foundation
import KumoCore
import Testing

@testable import KumoAuth

@Suite("Token signing and verification")
struct TokenVerifierTests {
    let signer = makeSigner()

    @Test("a token verifies and yields the claims it was issued with")
    func roundTrip() throws {
        let claims = makeClaims()
        let token = try signer.issue(claims)
        #expect(token.split(separator: ".").count == 3)
        let verified = try makeVerifier(trusting: [signer]).verify(token, now: testNow)
        #expect(verified == claims)
    }

    @Test("the header names EdDSA, JWT and the signer's kid")
    func header() throws {
        let token = try signer.issue(makeClaims())
        let header = try #require(Base64URL.decode(token.split(separator: ".")[0].utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(header)) as? [String: String])
        #expect(json == ["alg": "EdDSA", "typ": "JWT", "kid": signer.kid])
        #expect(signer.kid == TokenKeyID.derive(fromPublicKey: signer.publicKey))
        #expect(signer.kid.count == 16)
    }

    @Test("credentials carry user, scope, role names and the token's own audit id")
    func credentials() throws {
        let claims = makeClaims(auditIDs: ["child", "parent"])
        let verifier = try makeVerifier(trusting: [signer])
        let credentials = verifier.credentials(from: try verifier.verify(try signer.issue(claims), now: testNow))
        #expect(
            credentials
                == Credentials(
                    userID: "u-1", userName: "alice", userDomainID: "default", projectID: "p-1", domainID: nil,
                    roles: ["member", "reader"], auditID: "child"))
    }

    @Test("a tampered payload fails the signature check")
    func tamperedPayload() throws {
        let token = try signer.issue(makeClaims())
        let parts = token.split(separator: ".").map(String.init)
        var forged = makeClaims()
        forged.roles = [TokenRole(id: "r-admin", name: "admin")]
        let forgedPayload = Base64URL.encode(try JSONEncoder().encode(forged))
        let tampered = [parts[0], forgedPayload, parts[2]].joined(separator: ".")
        let verifier = try makeVerifier(trusting: [signer])
        #expect(verificationError(verifier, tampered) == .badSignature(kid: signer.kid))
    }

    @Test("a tampered signature fails the signature check")
    func tamperedSignature() throws {
        let token = try signer.issue(makeClaims())
        var signature = try #require(Base64URL.decode(token.split(separator: ".")[2].utf8))
        signature[10] ^= 0x01
        let parts = token.split(separator: ".").map(String.init)
        let tampered = [parts[0], parts[1], Base64URL.encode(signature)].joined(separator: ".")
        let verifier = try makeVerifier(trusting: [signer])
        #expect(verificationError(verifier, tampered) == .badSignature(kid: signer.kid))
    }

    @Test("a token signed by another key under a trusted kid fails the signature check")
    func signedByImpostor() throws {
        let impostor = makeSigner()
        let token = try impostor.issue(makeClaims())
        let parts = token.split(separator: ".").map(String.init)
        let header = Base64URL.encode(Array(#"{"alg":"EdDSA","typ":"JWT","kid":"\#(signer.kid)"}"#.utf8))
        let signingInput = header + "." + parts[1]
        let impostorKey = Curve25519.Signing.PrivateKey()
        let forged = signingInput + "." + Base64URL.encode(try impostorKey.signature(for: Array(signingInput.utf8)))
        #expect(verificationError(try makeVerifier(trusting: [signer]), forged) == .badSignature(kid: signer.kid))
    }

    @Test("an unknown kid is refused as unknownKey")
    func unknownKey() throws {
        let other = makeSigner()
        let token = try other.issue(makeClaims())
        #expect(verificationError(try makeVerifier(trusting: [signer]), token) == .unknownKey(kid: other.kid))
    }

    @Test("an expired token is refused, at exactly exp and after")
    func expired() throws {
        let claims = makeClaims(lifetime: 60)
        let token = try signer.issue(claims)
        let verifier = try makeVerifier(trusting: [signer])
        #expect(verificationError(verifier, token, now: testNow.addingTimeInterval(59)) == nil)
        #expect(verificationError(verifier, token, now: claims.expiresAt) == .expired(expiresAt: claims.expiresAt))
        #expect(
            verificationError(verifier, token, now: testNow.addingTimeInterval(3600))
                == .expired(expiresAt: claims.expiresAt))
    }

    @Test("wrong alg, alg none, missing kid and crit headers are malformed", arguments: [
        #"{"alg":"HS256","typ":"JWT","kid":"KID"}"#,
        #"{"alg":"none","typ":"JWT","kid":"KID"}"#,
        #"{"alg":"EdDSA","typ":"JWT"}"#,
        #"{"alg":"EdDSA","typ":"JWT","kid":"KID","crit":["exp"]}"#,
        #"not json"#,
    ])
    func badHeader(header: String) throws {
        let token = try signer.issue(makeClaims())
        let parts = token.split(separator: ".").map(String.init)
        let encoded = Base64URL.encode(Array(header.replacingOccurrences(of: "KID", with: signer.kid).utf8))
        let forged = [encoded, parts[1], parts[2]].joined(separator: ".")
        let error = verificationError(try makeVerifier(trusting: [signer]), forged)
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("structurally broken tokens are malformed", arguments: [
        "", "abc", "a.b", "a.b.c.d", "..", "a..c", "a.b.", "!!!.b.c", "eyJ=.e30.c2ln",
        String(repeating: "a", count: TokenVerifier.maxTokenLength + 1),
    ])
    func brokenStructure(token: String) throws {
        let error = verificationError(try makeVerifier(trusting: [signer]), token)
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("validly signed but inconsistent claims are malformed")
    func badClaims() throws {
        let key = Curve25519.Signing.PrivateKey()
        let kid = TokenKeyID.derive(fromPublicKey: key.publicKey.rawRepresentation)
        let header = Base64URL.encode(Array(#"{"alg":"EdDSA","typ":"JWT","kid":"\#(kid)"}"#.utf8))
        let payload = Base64URL.encode(Array(#"{"sub":"u","audit_ids":[]}"#.utf8))
        let signature = Base64URL.encode(try key.signature(for: Array((header + "." + payload).utf8)))
        let verifier = try TokenVerifier(publicKeys: [kid: key.publicKey.rawRepresentation])
        let error = verificationError(verifier, header + "." + payload + "." + signature)
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("every refusal is a 401 with Keystone's generic message and the detail only in description")
    func publicError() throws {
        let errors: [TokenError] = [
            .malformed(reason: "x"), .unknownKey(kid: "k1"), .badSignature(kid: "k1"),
            .expired(expiresAt: testNow), .revoked(auditID: "a1"),
        ]
        for error in errors {
            #expect(error.statusCode == 401)
            #expect(error.publicMessage == "The request you have made requires authentication.")
        }
        #expect(TokenError.unknownKey(kid: "k1").description.contains("k1"))
    }

    @Test("replacing the key set drops keys and their cached tokens")
    func replaceKeys() throws {
        let next = makeSigner()
        let verifier = try makeVerifier(trusting: [signer])
        let token = try signer.issue(makeClaims())
        #expect(verificationError(verifier, token) == nil)
        try verifier.replaceKeys([next.kid: next.publicKey])
        #expect(verifier.keyIDs == [next.kid])
        #expect(verificationError(verifier, token) == .unknownKey(kid: signer.kid))
        #expect(verificationError(verifier, try next.issue(makeClaims())) == nil)
    }

    @Test("a cached token still expires and can still be revoked")
    func cachedTokenChecks() throws {
        let revocations = RevocationList(maxTokenLifetime: 3600)
        let verifier = try makeVerifier(trusting: [signer], revocations: revocations)
        let claims = makeClaims(lifetime: 60)
        let token = try signer.issue(claims)
        #expect(verificationError(verifier, token) == nil)
        #expect(verificationError(verifier, token) == nil)
        #expect(
            verificationError(verifier, token, now: testNow.addingTimeInterval(61))
                == .expired(expiresAt: claims.expiresAt))
        revocations.add(RevocationEvent(.auditID("audit-1"), issuedBefore: testNow.addingTimeInterval(1)))
        #expect(verificationError(verifier, token) == .revoked(auditID: "audit-1"))
    }

    @Test("invalid public keys are refused when installed")
    func invalidPublicKey() throws {
        #expect(throws: SigningKeyError.invalidPublicKey(kid: "bad")) {
            try TokenVerifier(publicKeys: ["bad": Data([1, 2, 3])])
        }
    }

    @Test("concurrent verifications and key replacements agree")
    func concurrentUse() async throws {
        let verifier = try makeVerifier(trusting: [signer], cacheCapacity: 8)
        let tokens = try (0..<32).map { try signer.issue(makeClaims(auditIDs: ["audit-\($0)"])) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for round in 0..<200 {
                        let token = tokens[(worker + round) % tokens.count]
                        _ = try verifier.verify(token, now: testNow)
                    }
                }
            }
            group.addTask {
                for _ in 0..<50 { try verifier.replaceKeys([signer.kid: signer.publicKey]) }
            }
            try await group.waitForAll()
        }
    }
}
