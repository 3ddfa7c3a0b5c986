import Crypto
import Foundation
import KumoAuth

/// A fixed instant, so tests never depend on the wall clock.
let testNow = Date(timeIntervalSince1970: 1_800_000_000)

func makeClaims(
    userID: String = "u-1", scope: TokenScope = .project(id: "p-1", domainID: "default"),
    issuedAt: Date = testNow, lifetime: TimeInterval = 3600, auditIDs: [String] = ["audit-1"]
) -> TokenClaims {
    TokenClaims(
        userID: userID, userName: "alice", userDomainID: "default", methods: ["password"], scope: scope,
        roles: [TokenRole(id: "r-member", name: "member"), TokenRole(id: "r-reader", name: "reader")],
        issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(lifetime), auditIDs: auditIDs)
}

func makeSigner() -> TokenSigner { TokenSigner(privateKey: Curve25519.Signing.PrivateKey()) }

func makeVerifier(
    trusting signers: [TokenSigner], revocations: RevocationList? = nil, cacheCapacity: Int = 100
) throws -> TokenVerifier {
    try TokenVerifier(
        publicKeys: Dictionary(uniqueKeysWithValues: signers.map { ($0.kid, $0.publicKey) }),
        revocations: revocations, cacheCapacity: cacheCapacity)
}

/// The error `verify` throws, or `nil` when the token is accepted.
func verificationError(_ verifier: TokenVerifier, _ token: String, now: Date = testNow) -> TokenError? {
    do {
        _ = try verifier.verify(token, now: now)
        return nil
    } catch {
        return error
    }
}
