import ArgumentParser
import Foundation
import KumoClient
import Testing

@testable import KumoCLI

@Suite("Servers, flavors and hypervisors as tables")
struct ServerFieldsTests {
    /// A server as `GET /servers/detail` answers at 2.1.
    static let server: [String: JSONValue] = [
        "id": "9168b536", "name": "web", "status": "ACTIVE", "OS-EXT-STS:task_state": .null,
        "OS-EXT-STS:power_state": 1, "OS-EXT-AZ:availability_zone": "nova", "OS-EXT-SRV-ATTR:host": "host1",
        "flavor": ["id": "1", "links": [["rel": "bookmark", "href": "http://h/flavors/1"]]],
        "image": ["id": "70a599e0", "links": []], "metadata": ["role": "web"],
        "addresses": [
            "public": [["addr": "172.24.4.2", "version": 4]],
            "private": [["addr": "10.0.0.3", "version": 4], ["addr": "fd00::3", "version": 6]],
        ],
        "security_groups": [["name": "default"]], "links": [["rel": "self", "href": "http://h/servers/9168b536"]],
    ]

    @Test("a server is shown without links, with names, addresses by network, power state by name")
    func shown() {
        let names = ServerFields.Names(flavors: ["1": "m1.tiny"], images: ["70a599e0": "cirros"])
        let shown = ServerFields.shown(Self.server, names: names)
        #expect(shown["links"] == nil)
        #expect(shown["flavor"] == "m1.tiny (1)")
        #expect(shown["image"] == "cirros (70a599e0)")
        #expect(shown["addresses"] == "private=10.0.0.3, fd00::3; public=172.24.4.2")
        #expect(shown["security_groups"] == ["default"])
        #expect(shown["OS-EXT-STS:power_state"] == "Running")
        let bare = ServerFields.shown(Self.server)
        #expect(bare["flavor"] == "1" && bare["image"] == "70a599e0")
        #expect(ServerFields.shown(["image": ""])["image"] == "")
    }

    @Test("server list renders openstack's columns; --long adds state, zone, host and properties")
    func listTable() {
        let shown = ServerFields.shown(Self.server, names: ServerFields.Names(flavors: ["1": "m1.tiny"]))
        let columns = ServerFields.columns
        let table = Table(headers: columns.map(\.header), rows: [columns.map { shown[$0.key]?.cellText ?? "" }])
        #expect(
            table.render() == """
                +----------+------+--------+----------------------------------------------+----------+-------------+
                | ID       | Name | Status | Networks                                     | Image    | Flavor      |
                +----------+------+--------+----------------------------------------------+----------+-------------+
                | 9168b536 | web  | ACTIVE | private=10.0.0.3, fd00::3; public=172.24.4.2 | 70a599e0 | m1.tiny (1) |
                +----------+------+--------+----------------------------------------------+----------+-------------+
                """)
        #expect(
            ServerFields.longColumns.map { shown[$0.key]?.cellText ?? "" } == [
                "None", "Running", "nova", "host1", "role='web'",
            ])
    }

    @Test("hypervisor rows show usage as used/total")
    func hypervisorRow() {
        let hypervisor: [String: JSONValue] = [
            "id": 1, "hypervisor_hostname": "host1", "hypervisor_type": "QEMU", "state": "up", "status": "enabled",
            "vcpus": 8, "vcpus_used": 2, "memory_mb": 16384, "memory_mb_used": 1024, "running_vms": 1,
        ]
        #expect(HypervisorFields.row(hypervisor) == ["1", "host1", "QEMU", "up", "enabled", "2/8", "1024/16384", "1"])
        #expect(HypervisorFields.headers.count == HypervisorFields.row(hypervisor).count)
    }

    @Test("flavor create's body; show adds the extra specs as properties")
    func flavor() throws {
        let create = try FlavorCommand.Create.parse([
            "m1.small", "--vcpus", "1", "--ram", "2048", "--disk", "20", "--id", "2", "--private", "--property",
            "hw:cpu_policy=dedicated",
        ])
        #expect(
            FlavorFields.createBody(
                name: create.name, vcpus: create.vcpus, ramMiB: create.ram, diskGiB: create.disk,
                ephemeralGiB: create.ephemeral, id: create.id, isPublic: !create.private)
                == [
                    "flavor": [
                        "name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20, "OS-FLV-EXT-DATA:ephemeral": 0,
                        "os-flavor-access:is_public": false, "id": "2",
                    ]
                ])
        let shown = FlavorFields.shown(["id": "2", "links": []], extraSpecs: ["hw:cpu_policy": "dedicated"])
        #expect(shown == ["id": "2", "properties": ["hw:cpu_policy": "dedicated"]])
        #expect(throws: (any Error).self) { try FlavorCommand.Create.parse(["f", "--vcpus", "1", "--ram", "64"]) }
        #expect(throws: (any Error).self) {
            try FlavorCommand.Create.parse(["f", "--vcpus", "0", "--ram", "64", "--disk", "1"])
        }
        #expect(throws: (any Error).self) { try FlavorCommand.Set.parse(["f"]) }
        #expect(try FlavorCommand.Set.parse(["f", "--property", "a=b"]).property == ["a=b"])
    }

    @Test("an action's events show one per line")
    func events() {
        let action: [String: JSONValue] = [
            "action": "pause", "request_id": "req-1",
            "events": [
                [
                    "event": "compute_pause_instance", "result": "Success", "start_time": "2026-11-23T10:00:00.000000",
                    "finish_time": "2026-11-23T10:00:01.000000", "traceback": .null,
                ],
                ["event": "compute_unpause_instance", "result": .null, "start_time": "2026-11-23T10:01:00.000000"],
            ],
        ]
        #expect(
            ServerCommand.Event.Show.shown(action)["events"] == """
                compute_pause_instance: Success (2026-11-23T10:00:00.000000 → 2026-11-23T10:00:01.000000)
                compute_unpause_instance: None (2026-11-23T10:01:00.000000 → None)
                """)
    }

    @Test("compute service set takes --enable or --disable, --reason only with --disable")
    func serviceSet() throws {
        let disable = try ComputeCommand.Service.Set.parse([
            "host1", "nova-compute", "--disable", "--reason", "maintenance",
        ])
        #expect(disable.enablement == .disable && disable.reason == "maintenance" && disable.binary == "nova-compute")
        #expect(try ComputeCommand.Service.Set.parse(["host1", "nova-compute", "--enable"]).enablement == .enable)
        #expect(throws: (any Error).self) { try ComputeCommand.Service.Set.parse(["host1", "nova-compute"]) }
        #expect(throws: (any Error).self) {
            try ComputeCommand.Service.Set.parse(["host1", "nova-compute", "--enable", "--reason", "x"])
        }
    }
}
