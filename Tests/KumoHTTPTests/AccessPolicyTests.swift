import KumoCore
import KumoHTTP
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    func credentials(project: String?, roles: [String]) -> Credentials {
        Credentials(
            userID: "u", userName: "u", userDomainID: "default", projectID: project, domainID: nil, roles: roles,
            auditID: "a")
    }

    @Test("admin reads and writes every project")
    func admin() {
        let admin = credentials(project: "admin", roles: ["admin"])
        #expect(AccessPolicy.allows(admin, .write, projectID: "other"))
        #expect(AccessPolicy.allows(admin, .read, projectID: "other"))
    }

    @Test("member reads and writes its own project only")
    func member() {
        let member = credentials(project: "p1", roles: ["member"])
        #expect(AccessPolicy.allows(member, .write, projectID: "p1"))
        #expect(AccessPolicy.allows(member, .read, projectID: "p1"))
        #expect(!AccessPolicy.allows(member, .read, projectID: "p2"))
        #expect(!AccessPolicy.allows(member, .write, projectID: "p2"))
    }

    @Test("reader only reads its own project; no role, no access; an unscoped token reaches no project")
    func reader() {
        let reader = credentials(project: "p1", roles: ["reader"])
        #expect(AccessPolicy.allows(reader, .read, projectID: "p1"))
        #expect(!AccessPolicy.allows(reader, .write, projectID: "p1"))
        #expect(!AccessPolicy.allows(credentials(project: "p1", roles: ["observer"]), .read, projectID: "p1"))
        #expect(!AccessPolicy.allows(credentials(project: nil, roles: ["member"]), .read, projectID: "p1"))
    }
}
