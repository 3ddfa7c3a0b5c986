import Crypto
import Foundation

/// Issues tokens: JWS compact serialization signed with Ed25519 (`alg` `EdDSA`) by the primary key.
///
/// Only identity holds one. Immutable, so it is shared freely; key rotation makes a new signer.
public struct TokenSigner: Sendable {
    /// The id of the signing key, written in each token's header.
    public let kid: String
    private let privateKey: Curve25519.Signing.PrivateKey
    /// `base64url({"alg":"EdDSA","typ":"JWT","kid":"…"})`, the same for every token.
    private let encodedHeader: String

    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        kid = TokenKeyID.derive(fromPublicKey: privateKey.publicKey.rawRepresentation)
        // The kid is hex, so it needs no JSON escaping.
        encodedHeader = Base64URL.encode(Array(#"{"alg":"EdDSA","typ":"JWT","kid":"\#(kid)"}"#.utf8))
    }

    /// The raw public key that verifies this signer's tokens.
    public var publicKey: Data { privateKey.publicKey.rawRepresentation }

    /// Signs `claims` into a token (`header.payload.signature`, each base64url).
    /// - Throws: an `EncodingError` only for unrepresentable dates; a `CryptoKitError` if signing fails.
    public func issue(_ claims: TokenClaims) throws -> String {
        let payload = try JSONEncoder().encode(claims)
        let signingInput = encodedHeader + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
