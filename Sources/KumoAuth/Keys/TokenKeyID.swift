import Crypto
import Foundation

/// Derives a signing key's `kid`: the first 16 hex digits of the SHA-256 of its raw public key, so
/// the id is the same in every process and across restarts without being stored anywhere.
public enum TokenKeyID {
    public static func derive(fromPublicKey rawPublicKey: some DataProtocol) -> String {
        let digest = SHA256.hash(data: rawPublicKey)
        return digest.prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }
}
