import Foundation
import Testing

@testable import KumoAuth

@Suite("Password hashing")
struct PasswordHasherTests {
    let hasher = PasswordHasher(cost: .testing)

    @Test("a hash verifies its password and no other")
    func verify() throws {
        let stored = try hasher.hash("correct horse")
        #expect(hasher.verify("correct horse", against: stored))
        #expect(!hasher.verify("correct horsE", against: stored))
        #expect(!hasher.verify("", against: stored))
    }

    @Test("hashes are salted and written in the PHC-like format")
    func format() throws {
        let first = try hasher.hash("secret")
        let second = try hasher.hash("secret")
        #expect(first != second)
        let fields = first.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(fields[1] == "scrypt")
        #expect(fields[2] == "ln=4,r=8,p=1")
        #expect(Data(base64Encoded: String(fields[3]) + "==")?.count == 16)
        #expect(Data(base64Encoded: String(fields[4]) + "=")?.count == 32)
    }

    @Test("a hash made by an independent scrypt verifies (RFC 7914 test vector parameters)")
    func knownVector() {
        // scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64) from RFC 7914 §12.
        let salt = Data("NaCl".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let hash = """
            fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac\
            727afb94a83ee6d8360cbdfa2cc0640
            """
        let bytes = stride(from: 0, to: hash.count, by: 2).map {
            UInt8(hash.dropFirst($0).prefix(2), radix: 16)!
        }
        let encoded = Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let stored = "$scrypt$ln=10,r=8,p=16$\(salt)$\(encoded)"
        #expect(hasher.verify("password", against: stored))
        #expect(!hasher.verify("Password", against: stored))
    }

    @Test("a hash made at another cost still verifies and asks to be rehashed")
    func otherCost() throws {
        let stored = try PasswordHasher(cost: ScryptCost(logN: 5, blockSize: 4, parallelism: 2)).hash("pw")
        #expect(hasher.verify("pw", against: stored))
        #expect(hasher.needsRehash(stored))
        #expect(!hasher.needsRehash(try hasher.hash("pw")))
    }

    @Test("malformed or hostile stored hashes verify nothing", arguments: [
        "", "plain", "$scrypt$", "$2b$12$abcdefghijklmnopqrstuv", "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$",
        "$scrypt$ln=4,r=8$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$r=8,ln=4,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=24,r=16,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0==$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=4,r=8,p=1$!!!!$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA$extra",
    ])
    func malformed(stored: String) {
        #expect(!hasher.verify("password", against: stored))
    }

    @Test("the dummy check always fails, for any password")
    func dummy() {
        #expect(!hasher.verifyDummy("password"))
        #expect(!hasher.verifyDummy(""))
    }

    @Test("an unsupported cost is refused when hashing")
    func unsupportedCost() {
        let cost = ScryptCost(logN: 30)
        #expect(throws: PasswordHashError.unsupportedCost(cost)) { try PasswordHasher(cost: cost).hash("x") }
        #expect(!ScryptCost(logN: 0).isSupported)
        #expect(ScryptCost.default.isSupported)
    }

    @Test("constant-time comparison compares whole arrays")
    func constantTimeEquals() {
        #expect(PasswordHasher.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHasher.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHasher.constantTimeEquals([1, 2, 3], [1, 2]))
    }
}
