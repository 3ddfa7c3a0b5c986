import ArgumentParser
import Foundation
import KumoClient
import Testing

@testable import KumoCLI

@Suite("Image commands' logic")
struct ImageFieldsTests {
    @Test("--property splits at the first '='; the value may be empty or hold '='; no key is refused")
    func property() throws {
        #expect(try PropertyArguments.property("hw_disk_bus=virtio") == ("hw_disk_bus", "virtio"))
        #expect(try PropertyArguments.property("note=a=b") == ("note", "a=b"))
        #expect(try PropertyArguments.property("empty=") == ("empty", ""))
        #expect(throws: ValidationError.self) { try PropertyArguments.property("novalue") }
        #expect(throws: ValidationError.self) { try PropertyArguments.property("=value") }
        #expect(try PropertyArguments.properties(["a=1", "b=2", "a=3"]) == ["a": "3", "b": "2"])
    }

    @Test("set builds a JSON patch of adds: name, visibility, then properties in key order, keys as JSON pointers")
    func patch() throws {
        let patch = ImageFields.patch(
            name: "renamed", visibility: .private, properties: ["os_distro": "kumo", "a/b~c": "x", "hw_disk_bus": "virtio"])
        #expect(
            patch == [
                ["op": "add", "path": "/name", "value": "renamed"],
                ["op": "add", "path": "/visibility", "value": "private"],
                ["op": "add", "path": "/a~1b~0c", "value": "x"],
                ["op": "add", "path": "/hw_disk_bus", "value": "virtio"],
                ["op": "add", "path": "/os_distro", "value": "kumo"],
            ])
        #expect(ImageFields.patch(name: nil, visibility: nil, properties: ["k": "v"]) == [["op": "add", "path": "/k", "value": "v"]])
    }

    @Test("create's body holds name, formats, visibility only when given, and properties as strings")
    func createBody() {
        let body = ImageFields.createBody(
            name: "cirros", diskFormat: "qcow2", containerFormat: "bare", visibility: .public, properties: ["os_distro": "kumo"])
        #expect(
            body == [
                "name": "cirros", "disk_format": "qcow2", "container_format": "bare", "visibility": "public",
                "os_distro": "kumo",
            ])
        let plain = ImageFields.createBody(name: "x", diskFormat: "raw", containerFormat: "bare", visibility: nil, properties: [:])
        #expect(plain["visibility"] == nil)
    }

    @Test("the commands parse: repeated properties, --public/--private, at least one change for set")
    func parsing() throws {
        let create = try ImageCommand.Create.parse(["--file", "f.qcow2", "--disk-format", "qcow2", "--public", "--property", "a=1", "--property", "b=2", "img"])
        #expect(create.name == "img" && create.diskFormat == "qcow2" && create.containerFormat == "bare")
        #expect(create.visibility == .public && create.property == ["a=1", "b=2"])
        let set = try ImageCommand.Set.parse(["img", "--private", "--name", "new"])
        #expect(set.visibility == .private && set.name == "new")
        #expect(throws: (any Error).self) { try ImageCommand.Set.parse(["img"]) }
        #expect(throws: (any Error).self) { try ImageCommand.Set.parse(["img", "--property", "bad"]) }
        #expect(throws: (any Error).self) { try ImageCommand.Create.parse(["img"]) }
    }
}
