import Foundation
import KumoAuth
import KumoTesting
import Testing

@Suite("Key repository")
struct KeyRepositoryTests {
    let directory: TemporaryDirectory
    let repository: KeyRepository

    init() throws {
        directory = try TemporaryDirectory(prefix: "kumo-keys")
        repository = try KeyRepository(directory: directory.path + "/keys", maxActiveKeys: 3)
    }

    private func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("set-up creates a 0700 directory with a staged and a primary key, each 0600")
    func setUp() throws {
        try repository.setUp()
        #expect(try repository.keyIndices() == [0, 1])
        #expect(try permissions(repository.directory) == 0o700)
        for index in [0, 1] { #expect(try permissions(repository.directory + "/\(index)") == 0o600) }
        let names = try FileManager.default.contentsOfDirectory(atPath: repository.directory)
        #expect(names.sorted() == ["0", "1"])  // no temporary files left behind
    }

    @Test("set-up is idempotent and keys and kids are stable across instances")
    func stableAcrossRestarts() throws {
        try repository.setUp()
        let kid = try repository.signer().kid
        let keys = try repository.publicKeys()
        let reopened = try KeyRepository(directory: repository.directory, maxActiveKeys: 3)
        try reopened.setUp()
        #expect(try reopened.keyIndices() == [0, 1])
        #expect(try reopened.signer().kid == kid)
        #expect(try reopened.publicKeys() == keys)
    }

    @Test("the signer uses the primary key and the staged key is published before it signs")
    func stagedIsPublished() throws {
        try repository.setUp()
        let published = try repository.publicKeys()
        #expect(published.count == 2)
        let verifier = try TokenVerifier(publicKeys: published)
        try repository.rotate()
        // The new primary was the staged key: services that only know the old set accept its tokens.
        let token = try repository.signer().issue(makeClaims())
        #expect(verificationError(verifier, token) == nil)
    }

    @Test("rotation keeps tokens signed by the previous primary valid")
    func rotationKeepsOldTokens() throws {
        try repository.setUp()
        let old = try repository.signer().issue(makeClaims())
        try repository.rotate()
        #expect(try repository.keyIndices() == [0, 1, 2])
        let new = try repository.signer().issue(makeClaims())
        let verifier = try TokenVerifier(publicKeys: try repository.publicKeys())
        #expect(verificationError(verifier, old) == nil)
        #expect(verificationError(verifier, new) == nil)
        for index in [0, 1, 2] { #expect(try permissions(repository.directory + "/\(index)") == 0o600) }
    }

    @Test("retiring a key beyond maxActiveKeys makes its tokens fail with unknownKey")
    func retirement() throws {
        try repository.setUp()
        let oldestSigner = try repository.signer()
        let oldest = try oldestSigner.issue(makeClaims())
        try repository.rotate()
        try repository.rotate()
        #expect(try repository.keyIndices() == [0, 2, 3])
        let verifier = try TokenVerifier(publicKeys: try repository.publicKeys())
        #expect(verificationError(verifier, oldest) == .unknownKey(kid: oldestSigner.kid))
        #expect(try repository.publicKeys().count == 3)
    }

    @Test("a larger maxActiveKeys keeps more secondaries")
    func moreSecondaries() throws {
        let repository = try KeyRepository(directory: directory.path + "/five", maxActiveKeys: 5)
        try repository.setUp()
        for _ in 0..<6 { try repository.rotate() }
        #expect(try repository.keyIndices() == [0, 4, 5, 6, 7])
    }

    @Test("a rotation interrupted before the new staged key is written is repaired")
    func interruptedRotation() throws {
        try repository.setUp()
        try FileManager.default.moveItem(atPath: repository.directory + "/0", toPath: repository.directory + "/2")
        try repository.setUp()
        #expect(try repository.keyIndices() == [0, 1, 2])
        #expect(try repository.publicKeys().count == 3)
    }

    @Test("no primary key before set-up, fewer than three keys refused, a corrupt file reported")
    func errors() throws {
        #expect(throws: SigningKeyError.invalidMaxActiveKeys(2)) {
            try KeyRepository(directory: directory.path, maxActiveKeys: 2)
        }
        try FileManager.default.createDirectory(atPath: repository.directory, withIntermediateDirectories: true)
        #expect(throws: SigningKeyError.noPrimaryKey(directory: repository.directory)) {
            try repository.signer()
        }
        try repository.setUp()
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: repository.directory + "/1"))
        #expect(throws: SigningKeyError.invalidKeyFile(path: repository.directory + "/1")) {
            try repository.signer()
        }
    }

    @Test("files that are not canonical indices are ignored")
    func strayFiles() throws {
        try repository.setUp()
        for name in [".tmp-x", "01", "-1", "README"] {
            try Data().write(to: URL(fileURLWithPath: repository.directory + "/" + name))
        }
        #expect(try repository.keyIndices() == [0, 1])
    }
}
