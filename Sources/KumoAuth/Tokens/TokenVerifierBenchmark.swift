import Crypto
import Foundation

/// Measures what `TokenVerifier.verify` costs per token, for `kumo-bench` (not a test assertion).
public enum TokenVerifierBenchmark {
    public struct Result: Sendable {
        public var iterations: Int
        /// A token seen for the first time: parse, Ed25519 signature check, claims decoding, checks.
        public var uncachedMicroseconds: Double
        /// A token already verified: cache lookup, expiry and revocation checks.
        public var cachedMicroseconds: Double
        /// The bare Ed25519 signature check, the floor of the uncached figure.
        public var signatureMicroseconds: Double
    }

    /// Verifies one project-scoped token `iterations` times with the cache off, then with it on,
    /// against a revocation list of 100 unrelated events.
    public static func run(iterations: Int = 10_000) throws -> Result {
        let signer = TokenSigner(privateKey: Curve25519.Signing.PrivateKey())
        let now = Date()
        let claims = TokenClaims(
            userID: UUID().uuidString, userName: "admin", userDomainID: "default", methods: ["password"],
            scope: .project(id: UUID().uuidString, domainID: "default"),
            roles: [TokenRole(id: UUID().uuidString, name: "admin"), TokenRole(id: UUID().uuidString, name: "member")],
            issuedAt: now, expiresAt: now.addingTimeInterval(3600))
        let token = try signer.issue(claims)
        let revocations = RevocationList(
            maxTokenLifetime: 3600,
            events: (0..<100).map { RevocationEvent(.user(id: "user-\($0)"), issuedBefore: now) })
        let keys = [signer.kid: signer.publicKey]
        let uncached = try TokenVerifier(publicKeys: keys, revocations: revocations, cacheCapacity: 0)
        let cached = try TokenVerifier(publicKeys: keys, revocations: revocations)
        _ = try cached.verify(token, now: now)
        let count = max(1, iterations)
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: signer.publicKey)
        let parts = token.split(separator: ".")
        let signingInput = Array((parts[0] + "." + parts[1]).utf8)
        let signature = Base64URL.decode(parts[2].utf8) ?? []
        return Result(
            iterations: count,
            uncachedMicroseconds: try microseconds(count) { _ = try uncached.verify(token, now: now) },
            cachedMicroseconds: try microseconds(count) { _ = try cached.verify(token, now: now) },
            signatureMicroseconds: try microseconds(count) {
                _ = publicKey.isValidSignature(signature, for: signingInput)
            })
    }

    private static func microseconds(_ iterations: Int, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<iterations { try body() }
        }
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(iterations)
    }
}
