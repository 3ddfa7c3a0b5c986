import Foundation
import FoundationXML
import KumoRPC
import Testing

@testable import KumoVirt

@Suite("domain XML")
struct DomainXMLTests {
    static let files = InstanceDirectory(instancesDirectory: "/srv/kumo/instances", uuid: InstanceSpec.fixture().uuid)

    static func document(_ instance: InstanceSpec, virtType: VirtType = .qemu) throws -> XMLDocument {
        let xml = DomainXML(instance: instance, virtType: virtType, files: files, bridge: "kbr-0123abcd")
        return try XMLDocument(xmlString: xml.text)
    }

    static func strings(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).compactMap(\.stringValue)
    }

    @Test("domain type, name, UUID, memory, vCPUs, machine and lifecycle actions")
    func basics() throws {
        let instance = InstanceSpec.fixture()
        let document = try Self.document(instance, virtType: .kvm)
        #expect(try Self.strings(document, "/domain/@type") == ["kvm"])
        #expect(try Self.strings(document, "/domain/name") == ["kumo-\(instance.uuid)"])
        #expect(try Self.strings(document, "/domain/uuid") == [instance.uuid])
        #expect(try Self.strings(document, "/domain/memory") == ["256"])
        #expect(try Self.strings(document, "/domain/memory/@unit") == ["MiB"])
        #expect(try Self.strings(document, "/domain/vcpu") == ["1"])
        #expect(try Self.strings(document, "/domain/os/type/@machine") == ["pc"])
        #expect(try document.nodes(forXPath: "/domain/features/acpi").count == 1)
        #expect(try Self.strings(document, "/domain/on_poweroff") == ["destroy"])
        #expect(try Self.strings(document, "/domain/on_reboot") == ["restart"])
        #expect(try Self.strings(document, "/domain/on_crash") == ["destroy"])
        #expect(try Self.strings(document, "/domain/devices/memballoon/@model") == ["none"])
    }

    @Test("virtio root disk, read-only config drive, NIC on the bridge, console file appended to")
    func devices() throws {
        let instance = InstanceSpec.fixture()
        let document = try Self.document(instance)
        #expect(try Self.strings(document, "/domain/devices/disk/target/@dev") == ["vda", "vdb"])
        #expect(try Self.strings(document, "/domain/devices/disk/target/@bus") == ["virtio", "virtio"])
        #expect(try Self.strings(document, "/domain/devices/disk/driver/@type") == ["qcow2", "raw"])
        let sources = try Self.strings(document, "/domain/devices/disk/source/@file")
        #expect(sources == [Self.files.disk, Self.files.configDrive])
        #expect(try document.nodes(forXPath: "/domain/devices/disk[target/@dev='vdb']/readonly").count == 1)
        #expect(try document.nodes(forXPath: "/domain/devices/disk[target/@dev='vda']/readonly").isEmpty)
        #expect(try Self.strings(document, "/domain/devices/interface/@type") == ["bridge"])
        #expect(try Self.strings(document, "/domain/devices/interface/source/@bridge") == ["kbr-0123abcd"])
        #expect(try Self.strings(document, "/domain/devices/interface/model/@type") == ["virtio"])
        #expect(
            try Self.strings(document, "/domain/devices/interface/mac/@address")
                == [MACAddress.derived(from: instance.uuid)])
        #expect(try Self.strings(document, "/domain/devices/serial/@type") == ["file"])
        #expect(try Self.strings(document, "/domain/devices/serial/source/@path") == [Self.files.consoleLog])
        #expect(try Self.strings(document, "/domain/devices/serial/source/@append") == ["on"])
    }

    @Test("Kumo metadata: project, flavor and image")
    func metadata() throws {
        let document = try Self.document(.fixture())
        let metadata = document.rootElement()?.elements(forName: "metadata").first
        let element = try #require(metadata?.children?.first as? XMLElement)
        #expect(element.uri == DomainXML.metadataNamespace)
        #expect(element.localName == "instance")
        let values = Dictionary(
            uniqueKeysWithValues: (element.children ?? []).map { ($0.localName ?? "", $0.stringValue ?? "") })
        #expect(values["project"] == "p-1")
        #expect(values["flavor"] == "m1.tiny")
        #expect(values["image"] == "img-1")
        #expect(values["name"] == "web-1")
    }

    @Test("hostile names stay text: the XML parses and carries them unchanged")
    func escaping() throws {
        let hostile = "</name><devices><disk type='file'>\"&amp;'"
        let instance = InstanceSpec.fixture(name: hostile, projectID: "a&b<c>", flavorName: "x' onload='y")
        let document = try Self.document(instance)
        #expect(try Self.strings(document, "//*[local-name()='name']") == ["kumo-\(instance.uuid)", hostile])
        #expect(try Self.strings(document, "//*[local-name()='project']") == ["a&b<c>"])
        #expect(try Self.strings(document, "//*[local-name()='flavor']") == ["x' onload='y"])
        #expect(try document.nodes(forXPath: "/domain/devices/disk").count == 2)
    }

    @Test("the MAC address is QEMU's prefix plus three bytes fixed by the UUID")
    func macAddress() {
        let uuid = InstanceSpec.fixture().uuid
        let mac = MACAddress.derived(from: uuid)
        #expect(mac == MACAddress.derived(from: uuid))
        #expect(mac == MACAddress.derived(from: uuid.uppercased()))
        #expect(mac.hasPrefix("52:54:00:"))
        #expect(mac.count == 17)
        #expect(mac.allSatisfy { $0.isHexDigit || $0 == ":" } && mac == mac.lowercased())
        #expect(mac != MACAddress.derived(from: "0e4d7c4f-3c7e-4d0a-9d2a-6f1c2b3a4d5e"))
    }

    @Test("the host bridge name is short enough for Linux and the same for the same host")
    func bridgeName() {
        let bridge = HostBridge(host: "compute-with-a-rather-long-name.example")
        #expect(bridge.name.count <= 15)
        #expect(bridge.name.hasPrefix("kbr-"))
        #expect(bridge == HostBridge(host: "compute-with-a-rather-long-name.example"))
        #expect(bridge != HostBridge(host: "compute-2"))
    }
}
