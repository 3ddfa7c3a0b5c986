import Foundation
import KumoAuth
import Testing

@Suite("Revocation")
struct RevocationListTests {
    let list = RevocationList(maxTokenLifetime: 3600)
    let before = testNow.addingTimeInterval(-1)
    let after = testNow.addingTimeInterval(1)

    @Test("by audit id: that token only, not its re-scoped children nor other tokens")
    func byAuditID() {
        list.add(RevocationEvent(.auditID("audit-1"), issuedBefore: after))
        #expect(list.isRevoked(makeClaims(auditIDs: ["audit-1"])))
        #expect(!list.isRevoked(makeClaims(auditIDs: ["child", "audit-1"])))
        #expect(!list.isRevoked(makeClaims(auditIDs: ["audit-2"])))
    }

    @Test("by audit chain: the token and everything re-scoped from it")
    func byAuditChain() {
        list.add(RevocationEvent(.auditChain("root"), issuedBefore: after))
        #expect(list.isRevoked(makeClaims(auditIDs: ["root"])))
        #expect(list.isRevoked(makeClaims(auditIDs: ["child", "root"])))
        #expect(!list.isRevoked(makeClaims(auditIDs: ["other"])))
    }

    @Test("by user: every token of the user issued at or before the event, whatever the scope")
    func byUser() {
        list.add(RevocationEvent(.user(id: "u-1"), issuedBefore: testNow))
        #expect(list.isRevoked(makeClaims(userID: "u-1")))
        #expect(list.isRevoked(makeClaims(userID: "u-1", scope: .unscoped, issuedAt: before)))
        #expect(list.isRevoked(makeClaims(userID: "u-1", scope: .domain(id: "d"))))
        #expect(!list.isRevoked(makeClaims(userID: "u-1", issuedAt: testNow.addingTimeInterval(0.000_01))))
        #expect(!list.isRevoked(makeClaims(userID: "u-2")))
    }

    @Test("by project: tokens scoped to that project issued before the event")
    func byProject() {
        list.add(RevocationEvent(.project(id: "p-1"), issuedBefore: testNow))
        #expect(list.isRevoked(makeClaims(userID: "u-1")))
        #expect(list.isRevoked(makeClaims(userID: "u-2")))
        #expect(!list.isRevoked(makeClaims(scope: .project(id: "p-2", domainID: "default"))))
        #expect(!list.isRevoked(makeClaims(scope: .unscoped)))
        #expect(!list.isRevoked(makeClaims(issuedAt: after)))
    }

    @Test("by user on project: only that user's tokens on that project")
    func byUserOnProject() {
        list.add(RevocationEvent(.userOnProject(userID: "u-1", projectID: "p-1"), issuedBefore: testNow))
        #expect(list.isRevoked(makeClaims(userID: "u-1")))
        #expect(!list.isRevoked(makeClaims(userID: "u-2")))
        #expect(!list.isRevoked(makeClaims(userID: "u-1", scope: .project(id: "p-2", domainID: "default"))))
        #expect(!list.isRevoked(makeClaims(userID: "u-1", scope: .unscoped)))
        #expect(!list.isRevoked(makeClaims(userID: "u-1", issuedAt: after)))
    }

    @Test("by domain: tokens of the domain's users and tokens scoped to the domain")
    func byDomain() {
        list.add(RevocationEvent(.domain(id: "default"), issuedBefore: testNow))
        #expect(list.isRevoked(makeClaims(userID: "u-1")))
        #expect(list.isRevoked(makeClaims(userID: "u-1", scope: .unscoped)))
        var foreign = makeClaims(userID: "u-9", scope: .domain(id: "default"))
        foreign.userDomainID = "other"
        #expect(list.isRevoked(foreign))
        foreign.scope = .domain(id: "other")
        #expect(!list.isRevoked(foreign))
        #expect(!list.isRevoked(makeClaims(issuedAt: after)))
    }

    @Test("a later event for the same target widens it; an earlier one changes nothing")
    func latestWins() {
        list.add(RevocationEvent(.user(id: "u-1"), issuedBefore: after))
        list.add(RevocationEvent(.user(id: "u-1"), issuedBefore: before))
        #expect(list.count == 1)
        #expect(list.isRevoked(makeClaims(userID: "u-1")))
        #expect(list.events == [RevocationEvent(.user(id: "u-1"), issuedBefore: after)])
    }

    @Test("events older than the longest token lifetime are pruned")
    func prune() {
        list.add(RevocationEvent(.user(id: "old"), issuedBefore: testNow.addingTimeInterval(-3601)))
        list.add(RevocationEvent(.user(id: "recent"), issuedBefore: testNow.addingTimeInterval(-3599)))
        list.prune(now: testNow)
        #expect(list.events.map(\.target) == [.user(id: "recent")])
    }

    @Test("events travel as flat JSON and decode to the same event", arguments: [
        RevocationEvent.Target.auditID("a"), .auditChain("c"), .user(id: "u"), .project(id: "p"),
        .userOnProject(userID: "u", projectID: "p"), .domain(id: "d"),
    ])
    func coding(target: RevocationEvent.Target) throws {
        let event = RevocationEvent(target, issuedBefore: testNow.addingTimeInterval(0.25))
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(RevocationEvent.self, from: data) == event)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["issued_before"] as? Double == 1_800_000_000.25)
        #expect(object["kind"] is String)
    }

    @Test("the user event JSON is the documented shape")
    func userJSON() throws {
        let json = #"{"kind":"user","user_id":"u-1","issued_before":1800000000.5}"#
        let event = try JSONDecoder().decode(RevocationEvent.self, from: Data(json.utf8))
        #expect(event == RevocationEvent(.user(id: "u-1"), issuedBefore: testNow.addingTimeInterval(0.5)))
    }
}
