import Crypto
import Foundation
import KumoHTTP

/// An OpenSSH public key line (`ssh-ed25519 AAAA… comment`), checked, with Nova's MD5 fingerprint.
struct SSHPublicKey: Sendable, Equatable {
    static let types: Set<String> = [
        "ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    ]

    var line: String
    /// `aa:bb:…`, MD5 of the key blob.
    var fingerprint: String

    /// 400 unless `line` is a key of a known type whose blob names that type.
    init(_ line: String) throws {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2, Self.types.contains(String(fields[0])), let blob = Data(base64Encoded: String(fields[1])),
            let type = Self.firstString(in: blob), type == fields[0]
        else { throw APIError.badRequest("Keypair data is invalid: not an OpenSSH public key.") }
        self.line = line.trimmingCharacters(in: .whitespacesAndNewlines)
        fingerprint = Insecure.MD5.hash(data: blob).map { String(format: "%02x", $0) }.joined(separator: ":")
    }

    /// A new Ed25519 key: its public line and its private key in OpenSSH's PEM format.
    static func generate(comment: String) throws -> (publicKey: SSHPublicKey, privateKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        let publicBytes = key.publicKey.rawRepresentation
        let blob = wire("ssh-ed25519") + wire(publicBytes)
        let publicKey = try SSHPublicKey("ssh-ed25519 \(blob.base64EncodedString()) \(comment)")
        let check = UInt32.random(in: .min ... .max)
        var secret = uint32(check) + uint32(check) + wire("ssh-ed25519") + wire(publicBytes)
            + wire(key.rawRepresentation + publicBytes) + wire(comment)
        var pad: UInt8 = 1
        while secret.count % 8 != 0 {
            secret.append(pad)
            pad += 1
        }
        let body = Data("openssh-key-v1\0".utf8) + wire("none") + wire("none") + wire(Data()) + uint32(1) + wire(blob) + wire(secret)
        let armored = body.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return (publicKey, "-----BEGIN OPENSSH PRIVATE KEY-----\n\(armored)\n-----END OPENSSH PRIVATE KEY-----\n")
    }

    private static func uint32(_ value: UInt32) -> Data {
        Data([UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)])
    }

    private static func wire(_ bytes: Data) -> Data { uint32(UInt32(bytes.count)) + bytes }
    private static func wire(_ text: String) -> Data { wire(Data(text.utf8)) }

    private static func firstString(in blob: Data) -> String? {
        let bytes = [UInt8](blob)
        guard bytes.count >= 4 else { return nil }
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard length <= bytes.count - 4 else { return nil }
        return String(bytes: bytes[4..<(4 + length)], encoding: .utf8)
    }
}
