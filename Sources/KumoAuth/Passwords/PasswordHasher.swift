import Crypto
import CryptoExtras
import Foundation

/// Hashes and checks passwords with scrypt (swift-crypto's `KDF.Scrypt`, BoringSSL), salted with 16
/// random bytes, stored in a PHC-style string:
/// `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<base64 salt>$<base64 hash>` (standard base64, no padding).
///
/// Verification reads the cost from the stored string, so hashes made at an older cost keep
/// working (`needsRehash` tells when to upgrade one). `verifyDummy` spends the same time as a real
/// check, for logins naming a user that does not exist.
public struct PasswordHasher: Sendable {
    public let cost: ScryptCost
    static let saltByteCount = 16
    static let hashByteCount = 32

    /// A well-formed hash at `cost` that no password matches in practice (an all-zero scrypt output).
    private let dummyHash: String

    public init(cost: ScryptCost = .default) {
        self.cost = cost
        dummyHash = PHCString(
            cost: cost, salt: [UInt8](repeating: 0x5A, count: Self.saltByteCount),
            hash: [UInt8](repeating: 0, count: Self.hashByteCount)
        ).encoded
    }

    /// Hashes `password` with a fresh random salt.
    public func hash(_ password: String) throws(PasswordHashError) -> String {
        guard cost.isSupported else { throw .unsupportedCost(cost) }
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        guard let derived = Self.derive(password, salt: salt, cost: cost, byteCount: Self.hashByteCount) else {
            throw .derivationFailed
        }
        return PHCString(cost: cost, salt: salt, hash: derived).encoded
    }

    /// Whether `password` matches `stored`; `false` for a malformed or unsupported stored hash.
    /// The comparison is constant-time.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let phc = PHCString(parsing: stored), phc.cost.isSupported,
            let derived = Self.derive(password, salt: phc.salt, cost: phc.cost, byteCount: phc.hash.count)
        else { return false }
        return Self.constantTimeEquals(derived, phc.hash)
    }

    /// Spends the time of a `verify` at the current cost and returns `false`: call it when the user
    /// does not exist, so a wrong user name and a wrong password cannot be told apart by timing.
    public func verifyDummy(_ password: String) -> Bool {
        _ = verify(password, against: dummyHash)
        return false
    }

    /// Whether `stored` was made at another cost (or is unreadable) and should be replaced by a fresh
    /// hash after the next successful login.
    public func needsRehash(_ stored: String) -> Bool {
        PHCString(parsing: stored)?.cost != cost
    }

    private static func derive(_ password: String, salt: [UInt8], cost: ScryptCost, byteCount: Int) -> [UInt8]? {
        let key = try? KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: byteCount, rounds: 1 << cost.logN,
            blockSize: cost.blockSize, parallelism: cost.parallelism)
        return key?.withUnsafeBytes { Array($0) }
    }

    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
