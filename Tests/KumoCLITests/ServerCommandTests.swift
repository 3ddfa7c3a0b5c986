import ArgumentParser
import Foundation
import KumoClient
import Testing

@testable import KumoCLI

@Suite("Server commands: arguments and request bodies")
struct ServerCommandTests {
    @Test("create parses its options; the body has base64 user data, metadata, counts and the group hint")
    func createBody() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("user-data-\(UUID().uuidString)")
        try Data("#cloud-config\nhostname: web\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let create = try ServerCommand.Create.parse([
            "web", "--image", "cirros", "--flavor", "m1.tiny", "--key-name", "mykey", "--user-data", file.path,
            "--property", "role=web", "--property", "tier=front", "--availability-zone", "nova", "--min", "2", "--max",
            "3", "--group", "g-1",
        ])
        let body = ServerFields.createBody(try create.request(imageID: "img-1", flavorID: "42"))
        #expect(
            body == [
                "server": [
                    "name": "web", "imageRef": "img-1", "flavorRef": "42", "key_name": "mykey",
                    "user_data": "I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogd2ViCg==",
                    "metadata": ["role": "web", "tier": "front"], "availability_zone": "nova", "min_count": 2,
                    "max_count": 3,
                ],
                "os:scheduler_hints": ["group": "g-1"],
            ])
    }

    @Test("a plain create sends only name, image and flavor; --min alone sets both counts")
    func minimalBody() throws {
        let plain = try ServerCommand.Create.parse(["vm", "--image", "i", "--flavor", "f"])
        #expect(
            ServerFields.createBody(try plain.request(imageID: "i", flavorID: "f"))
                == ["server": ["name": "vm", "imageRef": "i", "flavorRef": "f"]])
        let counted = try ServerCommand.Create.parse(["vm", "--image", "i", "--flavor", "f", "--min", "2"])
        let request = try counted.request(imageID: "i", flavorID: "f")
        #expect(request.minCount == 2 && request.maxCount == 2)
    }

    @Test("create refuses a missing image or flavor, bad counts, --wait for several and bad properties")
    func createValidation() throws {
        #expect(throws: (any Error).self) { try ServerCommand.Create.parse(["vm", "--flavor", "f"]) }
        #expect(throws: (any Error).self) { try ServerCommand.Create.parse(["vm", "--image", "i"]) }
        let base = ["vm", "--image", "i", "--flavor", "f"]
        #expect(throws: (any Error).self) { try ServerCommand.Create.parse(base + ["--min", "3", "--max", "2"]) }
        #expect(throws: (any Error).self) { try ServerCommand.Create.parse(base + ["--min", "0"]) }
        #expect(throws: (any Error).self) { try ServerCommand.Create.parse(base + ["--max", "2", "--wait"]) }
        #expect(throws: (any Error).self) { try ServerCommand.Create.parse(base + ["--property", "novalue"]) }
        #expect(try ServerCommand.Create.parse(base + ["--wait"]).wait)
    }

    @Test("a user data file that cannot be read is a clear error")
    func unreadableUserData() throws {
        let create = try ServerCommand.Create.parse([
            "vm", "--image", "i", "--flavor", "f", "--user-data", "/nonexistent/ud",
        ])
        #expect {
            try create.request(imageID: "i", flavorID: "f")
        } throws: { error in
            "\(error)" == "cannot read the user data file /nonexistent/ud"
        }
    }

    @Test("actions send Nova's bodies and wait for their status")
    func actions() throws {
        #expect(Pause.body == ["pause": .null] && Pause.settledStatus == "PAUSED")
        #expect(Unpause.body == ["unpause": .null] && Unpause.settledStatus == "ACTIVE")
        #expect(Suspend.body == ["suspend": .null] && Suspend.settledStatus == "SUSPENDED")
        #expect(Resume.body == ["resume": .null] && Resume.settledStatus == "ACTIVE")
        #expect(Stop.body == ["os-stop": .null] && Stop.settledStatus == "SHUTOFF")
        #expect(Start.body == ["os-start": .null] && Start.settledStatus == "ACTIVE")
        #expect(ServerCommand.Reboot.body(hard: false) == ["reboot": ["type": "SOFT"]])
        #expect(ServerCommand.Reboot.body(hard: true) == ["reboot": ["type": "HARD"]])
        #expect(try JSONEncoder().encode(Stop.body) == Data(#"{"os-stop":null}"#.utf8))

        let stop = try ServerActionCommand<Stop>.parse(["a", "b", "--wait"])
        #expect(stop.servers == ["a", "b"] && stop.wait)
        #expect(try ServerCommand.Reboot.parse(["vm", "--hard"]).hard)
        #expect(throws: (any Error).self) { try ServerActionCommand<Pause>.parse([]) }
    }

    @Test("the server group has every subcommand, the event group list and show")
    func subcommands() throws {
        let names = ServerCommand.configuration.subcommands.map { $0._commandName }
        #expect(
            names == [
                "create", "list", "show", "delete", "pause", "unpause", "suspend", "resume", "stop", "start", "reboot",
                "console", "event",
            ])
        #expect(ServerCommand.Event.configuration.subcommands.map { $0._commandName } == ["list", "show"])
        let list = try ServerCommand.List.parse(["--all-projects", "--status", "ACTIVE", "--name", "web", "--long"])
        #expect(list.allProjects && list.status == "ACTIVE" && list.name == "web" && list.long)
        let console = try ServerCommand.Console.parse(["vm", "--lines", "20", "--follow"])
        #expect(console.lines == 20 && console.follow)
        #expect(throws: (any Error).self) { try ServerCommand.Console.parse(["vm", "--lines", "0"]) }
    }

    @Test("query strings carry only the filters given, percent-encoded")
    func query() {
        #expect(ComputeAPI.path("/servers/detail", query: [("all_tenants", nil), ("status", nil)]) == "/servers/detail")
        #expect(
            ComputeAPI.path("/servers/detail", query: [("all_tenants", "1"), ("name", "web 1&2")])
                == "/servers/detail?all_tenants=1&name=web%201%262")
    }
}
