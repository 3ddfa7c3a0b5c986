import KumoClient
import KumoCore
import KumoHTTP
import Testing

@testable import KumoImage

@Suite("JSON patch of images")
struct JSONPatchTests {
    let member = Credentials(
        userID: "u", userName: "alice", userDomainID: "default", projectID: "p1", domainID: nil, roles: ["member"],
        auditID: "a")

    @discardableResult
    func patched(_ document: JSONValue, _ attributes: ImageAttributes = ImageAttributes(owner: "p1")) throws -> ImageAttributes {
        var result = attributes
        try JSONPatch(parsing: document).apply(to: &result)
        return result
    }

    @Test("add and replace set attributes and properties; remove takes a property away")
    func operations() throws {
        var start = ImageAttributes(owner: "p1")
        start.properties = ["os_distro": "debian"]
        let result = try patched(
            [
                ["op": "replace", "path": "/name", "value": "tiny"],
                ["op": "add", "path": "/hw_disk_bus", "value": "virtio"],
                ["op": "replace", "path": "/min_ram", "value": 128],
                ["op": "add", "path": "/tags", "value": ["a", "b", "a"]],
                ["op": "remove", "path": "/os_distro"],
                ["op": "replace", "path": "/protected", "value": true],
            ], start)
        #expect(result.name == "tiny")
        #expect(result.properties == ["hw_disk_bus": "virtio"])
        #expect(result.minRAM == 128)
        #expect(result.tags == ["a", "b"])
        #expect(result.isProtected)
    }

    @Test("a pointer's ~1 and ~0 escapes are read")
    func escapes() throws {
        #expect(try patched([["op": "add", "path": "/a~1b~0c", "value": "x"]]).properties == ["a/b~c": "x"])
    }

    @Test("read-only and reserved attributes are refused with 403")
    func readOnly() {
        for path in ["/status", "/checksum", "/size", "/id", "/deleted"] {
            for op in ["add", "replace", "remove"] {
                #expect(Self.status { try patched([["op": .string(op), "path": .string(path), "value": "x"]]) } == 403)
            }
        }
    }

    @Test("replacing or removing a property that does not exist is a conflict")
    func missingProperty() {
        #expect(Self.status { try patched([["op": "replace", "path": "/nope", "value": "x"]]) } == 409)
        #expect(Self.status { try patched([["op": "remove", "path": "/nope"]]) } == 409)
    }

    @Test("schema attributes cannot be removed")
    func removeBase() {
        #expect(Self.status { try patched([["op": "remove", "path": "/name"]]) } == 403)
    }

    @Test(
        "values of the wrong type, unknown formats and bad documents are 400",
        arguments: [
            [["op": "add", "path": "/disk_format", "value": "floppy"]],
            [["op": "add", "path": "/min_disk", "value": -1]],
            [["op": "add", "path": "/min_disk", "value": .number(1.5)]],
            [["op": "add", "path": "/protected", "value": "yes"]],
            [["op": "add", "path": "/visibility", "value": "everyone"]],
            [["op": "add", "path": "/hw_disk_bus", "value": 1]],
            [["op": "move", "path": "/name", "from": "/x"]],
            [["op": "add", "path": "/a/b", "value": "x"]],
            [["op": "add", "path": "/name"]],
        ] as [JSONValue])
    func badInput(document: JSONValue) {
        #expect(Self.status { try patched(document) } == 400)
    }

    @Test("a patch that fails leaves the attributes untouched")
    func atomic() {
        var attributes = ImageAttributes(owner: "p1")
        #expect(throws: APIError.self) {
            try JSONPatch(parsing: [
                ["op": "replace", "path": "/name", "value": "changed"], ["op": "replace", "path": "/status", "value": "x"],
            ]).apply(to: &attributes)
        }
        #expect(attributes.name == nil)
    }

    @Test("publicizing, giving away, and changing formats after upload need the right caller and status")
    func changeRules() throws {
        let old = ImageAttributes(owner: "p1")
        var publicized = old
        publicized.visibility = .public
        #expect(Self.status { try publicized.checkChange(from: old, status: .queued, by: member) } == 403)
        var admin = member
        admin.roles = ["admin"]
        try publicized.checkChange(from: old, status: .queued, by: admin)

        var given = old
        given.owner = "p2"
        #expect(Self.status { try given.checkChange(from: old, status: .queued, by: member) } == 403)

        var reformatted = old
        reformatted.diskFormat = "raw"
        try reformatted.checkChange(from: old, status: .queued, by: member)
        #expect(Self.status { try reformatted.checkChange(from: old, status: .active, by: member) } == 403)

        var crowded = old
        crowded.properties = Dictionary(uniqueKeysWithValues: (0...ImageAttributes.maxProperties).map { ("p\($0)", "v") })
        #expect(Self.status { try crowded.checkChange(from: old, status: .queued, by: member) } == 413)
    }

    static func status(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch let error as APIError {
            return error.statusCode
        } catch {
            return -1
        }
    }
}
