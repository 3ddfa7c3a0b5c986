import Crypto
import Foundation
import KumoClient
import KumoCore
import KumoRPC

/// Server bodies of the Compute API, as Nova 2.1 renders them.
struct ServerView: Sendable {
    let links: Links

    /// `{"id", "name", "links"}` for `GET /servers`.
    func summary(_ instance: InstanceRecord) -> JSONValue {
        ["id": .string(instance.uuid), "name": .string(instance.name), "links": links.links("servers", instance.uuid)]
    }

    /// The whole server for `GET /servers/{id}` and `/servers/detail`; the `OS-EXT-SRV-ATTR` fields
    /// and a fault's details only for an admin.
    func detail(_ instance: InstanceRecord, for credentials: Credentials) -> JSONValue {
        let spec = instance.spec.value
        var body: [String: JSONValue] = [
            "id": .string(instance.uuid),
            "name": .string(instance.name),
            "status": .string(ServerStatus.of(instance.vmState, instance.taskState)),
            "tenant_id": .string(instance.projectID),
            "user_id": .string(instance.userID),
            "metadata": .object(spec.metadata.mapValues(JSONValue.string)),
            "hostId": .string(Self.hostID(project: instance.projectID, host: instance.host)),
            "image": ["id": .string(spec.image.id), "links": [Self.bookmark(links.links("images", spec.image.id))]],
            "flavor": ["id": .string(spec.flavor.id), "links": [Self.bookmark(links.links("flavors", spec.flavor.id))]],
            "created": .string(ComputeDates.iso(instance.createdAt)),
            "updated": .string(ComputeDates.iso(instance.updatedAt)),
            "addresses": [:],
            "accessIPv4": "",
            "accessIPv6": "",
            "links": links.links("servers", instance.uuid),
            "OS-DCF:diskConfig": "MANUAL",
            "progress": 0,
            "OS-EXT-AZ:availability_zone": .string(spec.availabilityZone ?? ""),
            "config_drive": "True",
            "key_name": spec.keyName.map(JSONValue.string) ?? .null,
            "OS-SRV-USG:launched_at": instance.launchedAt.map { .string(ComputeDates.micro($0)) } ?? .null,
            "OS-SRV-USG:terminated_at": instance.deletedAt.map { .string(ComputeDates.micro($0)) } ?? .null,
            "OS-EXT-STS:vm_state": .string(instance.vmState.rawValue),
            "OS-EXT-STS:task_state": instance.taskState == .idle ? .null : .string(instance.taskState.rawValue),
            "OS-EXT-STS:power_state": .number(Double(instance.powerState.rawValue)),
            "os-extended-volumes:volumes_attached": [],
            "security_groups": [["name": "default"]],
        ]
        if credentials.isAdmin {
            body["OS-EXT-SRV-ATTR:host"] = instance.host.map(JSONValue.string) ?? .null
            body["OS-EXT-SRV-ATTR:hypervisor_hostname"] = instance.host.map(JSONValue.string) ?? .null
            body["OS-EXT-SRV-ATTR:instance_name"] = .string("kumo-\(instance.uuid)")
        }
        if let fault = instance.fault?.value, instance.vmState == .error {
            var rendered: [String: JSONValue] = [
                "code": .number(Double(fault.code)), "message": .string(fault.message),
                "created": .string(ComputeDates.iso(fault.created)),
            ]
            if credentials.isAdmin, let details = fault.details { rendered["details"] = .string(details) }
            body["fault"] = .object(rendered)
        }
        return .object(body)
    }

    /// The `bookmark` link of a pair of `links`.
    static func bookmark(_ links: JSONValue) -> JSONValue {
        links.array?.last ?? .null
    }

    /// Nova's `hostId`: a hash of project and host, the same for two servers of a project on one host.
    static func hostID(project: String, host: String?) -> String {
        guard let host else { return "" }
        return String(SHA256.hash(data: Data((project + host).utf8)).lowercaseHex.prefix(56))
    }
}
