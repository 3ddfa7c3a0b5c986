import Foundation
import KumoBus

/// The bus contract of identity: the public keys tokens are verified with, and revocation events.
public enum IdentityAPI {
    /// Topic of identity's calls.
    public static let topic = "identity"
    /// Fanout group of key and revocation announcements, which every API service joins.
    public static let announcements = "identity.announcements"

    /// Every verification key (by kid) and the revocation events that may still match a live token.
    public static let verificationState = RPCMethod<Empty, VerificationState>("identity.verification_state")
    /// Pushed when keys rotate or a token is revoked.
    public static let announce = RPCMethod<VerificationState, Empty>("identity.announce")

    public struct VerificationState: Codable, Sendable, Equatable {
        /// kid → raw Ed25519 public key.
        public var publicKeys: [String: Data]
        /// Revocation events as KumoAuth's flat JSON.
        public var revocations: [Data]

        public init(publicKeys: [String: Data], revocations: [Data]) {
            self.publicKeys = publicKeys
            self.revocations = revocations
        }
    }
}
