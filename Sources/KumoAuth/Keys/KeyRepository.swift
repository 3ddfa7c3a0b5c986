import Crypto
import Foundation

/// The token signing keys on disk, rotated the way Keystone rotates its fernet and JWS keys.
///
/// A directory (mode 0700) of key files (mode 0600) named by index, each holding a base64 Ed25519
/// private key. `0` is the *staged* key: published for verification but not signing yet, so every
/// service knows it before it becomes primary. The highest index is the *primary* key, which signs.
/// The others are *secondary*: they still verify the tokens they signed until rotation retires them,
/// keeping `maxActiveKeys` keys in all (staged + primary + secondaries).
///
/// A rotation never invalidates tokens signed by the previous primary as long as keys are rotated no
/// more often than `(maxActiveKeys - 2) ×` the token lifetime. Only one process (identity) may
/// rotate a repository; the file operations are synchronous, so call them at start-up or off the
/// cooperative pool.
public struct KeyRepository: Sendable {
    public let directory: String
    /// Keys kept: the staged key, the primary and `maxActiveKeys - 2` secondaries. At least 3.
    public let maxActiveKeys: Int

    public init(directory: String, maxActiveKeys: Int = 3) throws(SigningKeyError) {
        guard maxActiveKeys >= 3 else { throw .invalidMaxActiveKeys(maxActiveKeys) }
        self.directory = directory
        self.maxActiveKeys = maxActiveKeys
    }

    /// Creates the directory and, if missing, a staged and a primary key. Idempotent; also repairs a
    /// rotation interrupted between promoting the staged key and writing the next one.
    public func setUp() throws(SigningKeyError) {
        try createDirectory()
        let indices = try keyIndices()
        if !indices.contains(0) { try writeKey(Curve25519.Signing.PrivateKey(), index: 0) }
        if !indices.contains(where: { $0 > 0 }) { try rotate() }
    }

    /// Promotes the staged key to primary (next index), stages a new key, and removes the oldest
    /// secondaries beyond `maxActiveKeys`.
    public func rotate() throws(SigningKeyError) {
        var indices = try keyIndices()
        if !indices.contains(0) {
            try writeKey(Curve25519.Signing.PrivateKey(), index: 0)
            indices.insert(0, at: 0)
        }
        let newPrimary = (indices.last ?? 0) + 1
        try renameKey(from: 0, to: newPrimary)
        try writeKey(Curve25519.Signing.PrivateKey(), index: 0)
        let active = indices.filter { $0 > 0 } + [newPrimary]
        for index in active.dropLast(maxActiveKeys - 1) { try removeKey(index) }
    }

    /// A signer holding the primary key.
    /// - Throws: `noPrimaryKey` before `setUp()`, or an I/O or key file error.
    public func signer() throws(SigningKeyError) -> TokenSigner {
        guard let primary = try keyIndices().last, primary > 0 else { throw .noPrimaryKey(directory: directory) }
        return TokenSigner(privateKey: try readKey(primary))
    }

    /// The public keys of every key in the repository (staged, primary, secondaries), raw, by `kid`:
    /// what identity publishes to the other services.
    public func publicKeys() throws(SigningKeyError) -> [String: Data] {
        var keys: [String: Data] = [:]
        for index in try keyIndices() {
            let raw = try readKey(index).publicKey.rawRepresentation
            keys[TokenKeyID.derive(fromPublicKey: raw)] = raw
        }
        return keys
    }

    /// The indices of the key files present, ascending (`0` first when staged).
    public func keyIndices() throws(SigningKeyError) -> [Int] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .io(path: directory, operation: "list", reason: "\(error)")
        }
        // Only canonical decimal names: temp files and "01" are not keys.
        return names.compactMap { name in Int(name).flatMap { $0 >= 0 && String($0) == name ? $0 : nil } }
            .sorted()
    }
}
