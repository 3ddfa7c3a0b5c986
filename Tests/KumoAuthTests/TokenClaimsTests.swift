import Foundation
import Testing

@testable import KumoAuth

@Suite("Token claims")
struct TokenClaimsTests {
    private func json(_ claims: TokenClaims) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(claims)) as? [String: Any])
    }

    @Test("project scope is written as project_id and project_domain_id")
    func projectScope() throws {
        let object = try json(makeClaims())
        #expect(object["sub"] as? String == "u-1")
        #expect(object["user_name"] as? String == "alice")
        #expect(object["user_domain_id"] as? String == "default")
        #expect(object["methods"] as? [String] == ["password"])
        #expect(object["project_id"] as? String == "p-1")
        #expect(object["project_domain_id"] as? String == "default")
        #expect(object["domain_id"] == nil)
        #expect(object["audit_ids"] as? [String] == ["audit-1"])
        #expect((object["exp"] as? NSNumber)?.int64Value == 1_800_003_600)
        let roles = try #require(object["roles"] as? [[String: String]])
        #expect(roles == [["id": "r-member", "name": "member"], ["id": "r-reader", "name": "reader"]])
    }

    @Test("domain and unscoped tokens round-trip through JSON", arguments: [
        TokenScope.domain(id: "d-1"), .unscoped, .project(id: "p-2", domainID: "d-2"),
    ])
    func scopes(scope: TokenScope) throws {
        let claims = makeClaims(scope: scope)
        let decoded = try JSONDecoder().decode(TokenClaims.self, from: JSONEncoder().encode(claims))
        #expect(decoded == claims)
        #expect(decoded.scope == scope)
    }

    @Test("issue time keeps microseconds and expiry is whole seconds")
    func timePrecision() throws {
        let claims = makeClaims(issuedAt: testNow.addingTimeInterval(0.123_456_7), lifetime: 10.9)
        #expect(claims.issuedAt.timeIntervalSince1970 == 1_800_000_000.123457)
        #expect(claims.expiresAt.timeIntervalSince1970 == 1_800_000_011)
        let decoded = try JSONDecoder().decode(TokenClaims.self, from: JSONEncoder().encode(claims))
        #expect(decoded == claims)
    }

    @Test("a project id without its domain is refused")
    func inconsistentScope() throws {
        let payload = #"""
            {"sub":"u","user_name":"n","user_domain_id":"d","methods":["password"],"roles":[],
             "iat":1,"exp":2,"audit_ids":["a"],"project_id":"p"}
            """#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TokenClaims.self, from: Data(payload.utf8))
        }
    }

    @Test("re-scoping chains audit ids Keystone-style and keeps the parent's expiry")
    func rescoped() throws {
        let parent = makeClaims(scope: .unscoped, auditIDs: ["root"])
        let child = parent.rescoped(
            to: .project(id: "p-9", domainID: "default"), roles: [TokenRole(id: "r", name: "admin")],
            issuedAt: testNow.addingTimeInterval(5))
        #expect(child.methods == ["token"])
        #expect(child.auditIDs.count == 2)
        #expect(child.auditIDs[1] == "root")
        #expect(child.auditID != "root")
        #expect(child.expiresAt == parent.expiresAt)
        let grandchild = child.rescoped(to: .domain(id: "d"), roles: [], issuedAt: testNow)
        #expect(grandchild.auditIDs.last == "root")
    }

    @Test("audit ids are 22 base64url characters and distinct")
    func auditIDs() {
        let ids = (0..<100).map { _ in TokenClaims.newAuditID() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.count == 22 && Base64URL.decode(Substring($0).utf8)?.count == 16 })
    }

    @Test("base64url round-trips every length and rejects padding and foreign characters")
    func base64URL() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            #expect(Base64URL.decode(Substring(Base64URL.encode(bytes)).utf8) == bytes)
        }
        #expect(Base64URL.encode(Array("??>".utf8)) == "Pz8-")
        #expect(Base64URL.decode(Substring("Pz8=").utf8) == nil)
        #expect(Base64URL.decode(Substring("Pz8+").utf8) == nil)
        #expect(Base64URL.decode(Substring("A").utf8) == nil)
        #expect(Base64URL.decode(Substring("AA").utf8) == [0])
        #expect(Base64URL.decode(Substring("AB").utf8) == nil)  // non-zero leftover bits
    }
}
