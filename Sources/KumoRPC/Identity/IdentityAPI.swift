import Foundation
import KumoAuth
import KumoBus

/// The bus contract of identity: the public keys tokens are verified with, revocation events, and
/// key rotation.
public enum IdentityAPI {
    /// Topic of identity's calls.
    public static let topic = "identity"
    /// Fanout group of key and revocation announcements, which every API service joins.
    public static let announcements = "identity.announcements"

    /// Every verification key (by kid) and the revocation events that may still match a live token.
    public static let verificationState = RPCMethod<Empty, VerificationState>("identity.verification_state")
    /// Pushed when keys rotate or a token is revoked.
    public static let announce = RPCMethod<VerificationState, Empty>("identity.announce")
    /// Rotates the signing keys of the running identity service (staged → primary, new staged key).
    public static let rotateKeys = RPCMethod<Empty, KeyRotation>("identity.rotate_keys")

    /// What verifying tokens takes, whole (an answer to `verificationState`) or as an update (an announcement).
    public struct VerificationState: Codable, Sendable, Equatable {
        /// kid → raw Ed25519 public key: the whole key set, or nil when only revocations changed.
        public var publicKeys: [String: Data]?
        public var revocations: [RevocationEvent]

        public init(publicKeys: [String: Data]?, revocations: [RevocationEvent]) {
            self.publicKeys = publicKeys
            self.revocations = revocations
        }
    }

    /// The key set after a rotation.
    public struct KeyRotation: Codable, Sendable, Equatable {
        /// The kid new tokens are signed with.
        public var primaryKeyID: String
        /// Every kid tokens are verified with (staged, primary, secondaries).
        public var keyIDs: [String]

        public init(primaryKeyID: String, keyIDs: [String]) {
            self.primaryKeyID = primaryKeyID
            self.keyIDs = keyIDs
        }
    }
}
