import Foundation
import KumoRuntime
import KumoTesting
import Testing

@testable import KumoCompute

@Suite("SSH key pairs")
struct SSHPublicKeyTests {
    @Test("a generated key pair is one OpenSSH accepts: ssh-keygen derives the same public key from the private one")
    func generated() async throws {
        let (publicKey, privateKey) = try SSHPublicKey.generate(comment: "test")
        #expect(publicKey.line.hasPrefix("ssh-ed25519 "))
        #expect(publicKey.fingerprint.split(separator: ":").count == 16)
        let directory = try TemporaryDirectory()
        let path = directory.path + "/key"
        FileManager.default.createFile(atPath: path, contents: Data(privateKey.utf8), attributes: [.posixPermissions: 0o600])
        let derived = try await ProcessRunner.run(["ssh-keygen", "-y", "-f", path])
        #expect(derived.split(separator: " ").prefix(2) == publicKey.line.split(separator: " ").prefix(2))
    }

    @Test("what is not an OpenSSH public key is refused", arguments: ["", "ssh-rsa", "ssh-rsa !!!", "ssh-foo AAAA", "ssh-ed25519 c3NoLXJzYQ=="])
    func refused(line: String) {
        #expect(throws: (any Error).self) { try SSHPublicKey(line) }
    }
}
