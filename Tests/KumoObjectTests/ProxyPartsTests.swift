import KumoCore
import Testing

@testable import KumoObject

@Suite("Proxy parts")
struct ProxyPartsTests {
    @Test("container ACLs: public read, listings, project grants")
    func acls() {
        let member = Credentials(
            userID: "u1", userName: "u", userDomainID: "default", projectID: "p1", domainID: nil, roles: ["member"], auditID: "a")
        let publicRead = ContainerACL(".r:*")
        #expect(publicRead.allows(nil, listing: false))
        #expect(!publicRead.allows(nil, listing: true))
        #expect(ContainerACL(".r:*,.rlistings").allows(nil, listing: true))
        #expect(ContainerACL("p1:*").allows(member, listing: true))
        #expect(ContainerACL("p1:u1").grants(member))
        #expect(!ContainerACL("p1:u2").grants(member))
        #expect(!ContainerACL("p2:*").allows(member, listing: false))
        #expect(!ContainerACL(nil).allows(nil, listing: false))
    }

    @Test("names: limits, dot segments, percent-encoding")
    func names() throws {
        let path = try ObjectPath(segments: ["AUTH_p", "c", "a%20b", "c"])
        #expect(path.object == "a b/c")
        #expect(path.encoded == "/AUTH_p/c/a%20b/c")
        #expect(throws: ObjectPathError.self) { try ObjectPath(segments: ["AUTH_p", ".."]) }
        #expect(throws: ObjectPathError.self) { try ObjectPath(segments: ["AUTH_p", "c", "x", "..", "y"]) }
        #expect(throws: ObjectPathError.self) { try ObjectPath(segments: ["AUTH_p", ""]) }
        #expect(throws: ObjectPathError.self) {
            try ObjectPath(segments: ["AUTH_p", "c", Substring(String(repeating: "o", count: 1025))])
        }
    }
}
