import Foundation
import KumoClient

/// The pure logic of the server commands: the body of `POST /servers` and servers as they are shown.
enum ServerFields {
    typealias Server = [String: JSONValue]

    /// What `kumo server create` asks for, its names already resolved to IDs.
    struct Request: Equatable {
        var name: String
        var imageID: String
        var flavorID: String
        var keyName: String?
        var userData: Data?
        var properties: [String: String] = [:]
        var availabilityZone: String?
        var minCount: Int?
        var maxCount: Int?
        var group: String?
    }

    /// The body of `POST /servers`: `user_data` base64, `metadata` from the properties, the counts only
    /// when given, the server group as the scheduler hint `group`.
    static func createBody(_ request: Request) -> JSONValue {
        var server: [String: JSONValue] = [
            "name": .string(request.name), "imageRef": .string(request.imageID), "flavorRef": .string(request.flavorID),
        ]
        if let keyName = request.keyName { server["key_name"] = .string(keyName) }
        if let userData = request.userData { server["user_data"] = .string(userData.base64EncodedString()) }
        if !request.properties.isEmpty { server["metadata"] = .object(request.properties.mapValues(JSONValue.string)) }
        if let zone = request.availabilityZone { server["availability_zone"] = .string(zone) }
        if let count = request.minCount { server["min_count"] = .number(Double(count)) }
        if let count = request.maxCount { server["max_count"] = .number(Double(count)) }
        var body: [String: JSONValue] = ["server": .object(server)]
        if let group = request.group { body["os:scheduler_hints"] = ["group": .string(group)] }
        return .object(body)
    }

    /// Flavor and image names by ID, to show a server's `m1.tiny (1)` rather than its link.
    struct Names: Sendable {
        var flavors: [String: String] = [:]
        var images: [String: String] = [:]
    }

    /// The columns of `server list`, and the more of `--long`.
    static let columns: [(header: String, key: String)] = [
        ("ID", "id"), ("Name", "name"), ("Status", "status"), ("Networks", "addresses"), ("Image", "image"),
        ("Flavor", "flavor"),
    ]
    static let longColumns: [(header: String, key: String)] = [
        ("Task State", "OS-EXT-STS:task_state"), ("Power State", "OS-EXT-STS:power_state"),
        ("Availability Zone", "OS-EXT-AZ:availability_zone"), ("Host", "OS-EXT-SRV-ATTR:host"),
        ("Properties", "metadata"),
    ]

    /// A server as the commands print it, as openstack does: without links, flavor and image as
    /// `name (id)`, addresses as `net=ip, ip; net2=ip`, security groups by name, the power state by name.
    static func shown(_ server: Server, names: Names = Names()) -> Server {
        var shown = server
        shown["links"] = nil
        shown["flavor"] = reference(server["flavor"], names.flavors)
        shown["image"] = reference(server["image"], names.images)
        if let addresses = server["addresses"] { shown["addresses"] = .string(self.addresses(addresses)) }
        if let groups = server["security_groups"]?.array {
            shown["security_groups"] = .array(groups.compactMap { $0["name"] })
        }
        if case .number(let state)? = server["OS-EXT-STS:power_state"] {
            shown["OS-EXT-STS:power_state"] = .string(powerState(Int(state)))
        }
        return shown
    }

    /// `{"id": "1", "links": …}` as `name (1)` (or `1` when the name is unknown); an image of `""`
    /// (a server booted from a volume) stays `""`.
    static func reference(_ value: JSONValue?, _ names: [String: String]) -> JSONValue? {
        guard let id = value?["id"]?.string else { return value }
        return .string(names[id].map { "\($0) (\(id))" } ?? id)
    }

    /// `private=10.0.0.3, fd00::3; public=172.24.4.2`, networks by name.
    static func addresses(_ addresses: JSONValue) -> String {
        guard case .object(let networks) = addresses else { return addresses.cellText }
        return networks.sorted { $0.key < $1.key }.map { network, entries in
            network + "=" + (entries.array ?? []).compactMap { $0["addr"]?.string }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// Nova's power states by number, as openstack names them.
    static func powerState(_ state: Int) -> String {
        switch state {
        case 0: "NOSTATE"
        case 1: "Running"
        case 3: "Paused"
        case 4: "Shutdown"
        case 6: "Crashed"
        case 7: "Suspended"
        default: String(state)
        }
    }
}
