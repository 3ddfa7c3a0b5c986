/// A problem with the token signing keys: the on-disk repository or keys received from elsewhere.
/// Never shown to users (it means the service is misconfigured), so not a `PublicError`.
public enum SigningKeyError: Error, Equatable, Sendable {
    /// `maxActiveKeys` must leave room for the staged, the primary and at least one secondary key.
    case invalidMaxActiveKeys(Int)
    /// The repository holds no primary key yet: call `setUp()` first.
    case noPrimaryKey(directory: String)
    /// A key file that is not a base64 32-byte Ed25519 private key.
    case invalidKeyFile(path: String)
    /// A public key (e.g. received over the bus) that is not a raw 32-byte Ed25519 key.
    case invalidPublicKey(kid: String)
    /// A file system call failed.
    case io(path: String, operation: String, reason: String)
}

extension SigningKeyError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidMaxActiveKeys(let count):
            "max active keys is \(count), must be at least 3 (staged, primary, one secondary)"
        case .noPrimaryKey(let directory): "no primary signing key in \(directory)"
        case .invalidKeyFile(let path): "\(path) is not a signing key file"
        case .invalidPublicKey(let kid): "public key \(kid) is not a raw Ed25519 key"
        case .io(let path, let operation, let reason): "\(operation) \(path) failed: \(reason)"
        }
    }
}
