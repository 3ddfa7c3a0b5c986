import Foundation
import KumoClient
import Testing

@testable import KumoCLI

@Suite("Tables")
struct OutputTests {
    @Test("show prints a Field | Value table in key order, values as openstack writes them")
    func show() throws {
        let project = try JSONDecoder().decode(
            [String: JSONValue].self,
            from: Data(
                """
                {"id": "4f1c", "name": "demo", "domain_id": "default", "description": "", "enabled": true,
                 "is_domain": false, "parent_id": "default", "tags": [], "options": {}}
                """.utf8))
        #expect(
            Table(object: project).render() == """
                +-------------+---------+
                | Field       | Value   |
                +-------------+---------+
                | description |         |
                | domain_id   | default |
                | enabled     | True    |
                | id          | 4f1c    |
                | is_domain   | False   |
                | name        | demo    |
                | options     |         |
                | parent_id   | default |
                | tags        |         |
                +-------------+---------+
                """)
    }

    @Test("cells hold null, numbers, lists and objects")
    func cells() {
        #expect(JSONValue.null.cellText == "None")
        #expect(JSONValue.number(3).cellText == "3")
        #expect(JSONValue.number(0.5).cellText == "0.5")
        #expect(JSONValue.array(["a", "b"]).cellText == "a, b")
        #expect(JSONValue.object(["b": 1, "a": "x"]).cellText == "a='x', b='1'")
    }

    @Test("a cell of several lines makes its row as tall, as catalog list shows endpoints")
    func multiline() {
        let table = Table(
            headers: ["Name", "Type", "Endpoints"],
            rows: [["keystone", "identity", "RegionOne\n  public: http://h:5000/v3"], ["nova", "compute", ""]])
        #expect(
            table.render() == """
                +----------+----------+----------------------------+
                | Name     | Type     | Endpoints                  |
                +----------+----------+----------------------------+
                | keystone | identity | RegionOne                  |
                |          |          |   public: http://h:5000/v3 |
                | nova     | compute  |                            |
                +----------+----------+----------------------------+
                """)
    }
}
