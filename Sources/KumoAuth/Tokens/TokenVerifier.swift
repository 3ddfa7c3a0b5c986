import Crypto
import Foundation
import KumoCore
import Synchronization

/// Verifies tokens locally with the public keys identity publishes: structure, `alg`, known `kid`,
/// Ed25519 signature, expiry and (when given a `RevocationList`) revocation.
///
/// Thread-safe: the key set can be replaced at any time (keys arrive over the bus) while requests
/// verify. Tokens that verified are cached by their exact text, so a repeated token costs a
/// dictionary lookup instead of a signature check; the cache only holds tokens signed by keys still in
/// the set, and expiry and revocation are checked on every call.
public final class TokenVerifier: Sendable {
    /// Longer tokens are refused before any parsing.
    public static let maxTokenLength = 8192

    private struct CachedToken {
        var claims: TokenClaims
        var kid: String
    }

    private struct State {
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        /// Bumped by each key replacement, so a verification that raced one is not cached.
        var generation = 0
        var cache: [String: CachedToken] = [:]
    }

    private let state = Mutex(State())
    private let revocations: RevocationList?
    private let cacheCapacity: Int

    /// - Parameters:
    ///   - publicKeys: raw 32-byte Ed25519 public keys by `kid`.
    ///   - revocations: checked on every verification when given.
    ///   - cacheCapacity: how many verified tokens to remember (0 disables the cache); when full the
    ///     cache is emptied, which bounds memory at the price of one signature check per live token.
    public init(
        publicKeys: [String: Data] = [:], revocations: RevocationList? = nil, cacheCapacity: Int = 10_000
    ) throws(SigningKeyError) {
        self.revocations = revocations
        self.cacheCapacity = max(0, cacheCapacity)
        try replaceKeys(publicKeys)
    }

    /// Replaces the whole key set (what identity last published); tokens signed by keys no longer in
    /// it fail with `unknownKey` from now on.
    public func replaceKeys(_ publicKeys: [String: Data]) throws(SigningKeyError) {
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for (kid, raw) in publicKeys {
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw .invalidPublicKey(kid: kid)
            }
            keys[kid] = key
        }
        state.withLock { state in
            state.keys = keys
            state.generation += 1
            state.cache = state.cache.filter { keys[$0.value.kid] != nil }
        }
    }

    /// The ids of the keys currently trusted.
    public var keyIDs: Set<String> { state.withLock { Set($0.keys.keys) } }

    /// Checks `token` and returns its claims.
    /// - Throws: `TokenError`: `malformed` (structure, encoding, `alg`, claims), `unknownKey`,
    ///   `badSignature`, `expired` (at or after `exp`), `revoked`.
    public func verify(_ token: String, now: Date = Date()) throws(TokenError) -> TokenClaims {
        let (cached, keys, generation) = state.withLock { state in
            (state.cache[token], state.keys, state.generation)
        }
        let claims: TokenClaims
        if let cached {
            claims = cached.claims
            try check(claims, now: now)
        } else {
            let verified = try verifySignature(of: token, keys: keys)
            claims = verified.claims
            try check(claims, now: now)
            guard cacheCapacity > 0 else { return claims }
            state.withLock { state in
                guard state.generation == generation else { return }
                if state.cache.count >= cacheCapacity { state.cache.removeAll(keepingCapacity: true) }
                state.cache[token] = verified
            }
        }
        return claims
    }

    /// What a request authenticated by a token with these claims acts as.
    public func credentials(from claims: TokenClaims) -> Credentials { claims.credentials }

    private func check(_ claims: TokenClaims, now: Date) throws(TokenError) {
        guard now < claims.expiresAt else { throw .expired(expiresAt: claims.expiresAt) }
        if let revocations, revocations.isRevoked(claims) { throw .revoked(auditID: claims.auditID) }
    }

    private func verifySignature(
        of token: String, keys: [String: Curve25519.Signing.PublicKey]
    ) throws(TokenError) -> CachedToken {
        guard token.utf8.count <= Self.maxTokenLength else { throw .malformed(reason: "token too long") }
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .malformed(reason: "not three non-empty segments")
        }
        guard let headerBytes = Base64URL.decode(parts[0]),
            let payloadBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw .malformed(reason: "invalid base64url") }
        guard let header = try? JSONDecoder().decode(JWSHeader.self, from: Data(headerBytes)) else {
            throw .malformed(reason: "invalid header")
        }
        guard header.alg == "EdDSA" else { throw .malformed(reason: "unsupported alg \(header.alg)") }
        guard header.crit == nil else { throw .malformed(reason: "unsupported crit header") }
        guard let kid = header.kid else { throw .malformed(reason: "no kid") }
        guard let key = keys[kid] else { throw .unknownKey(kid: kid) }
        let signingInput = token.utf8[..<parts[1].endIndex]
        guard key.isValidSignature(signature, for: Array(signingInput)) else { throw .badSignature(kid: kid) }
        do {
            let claims = try JSONDecoder().decode(TokenClaims.self, from: Data(payloadBytes))
            return CachedToken(claims: claims, kid: kid)
        } catch {
            throw .malformed(reason: "invalid claims: \(error)")
        }
    }
}
