import KumoRPC

/// A filter enforcing one hard server group policy from the hosts of the group's other members.
protocol ServerGroupFilter: HostFilter {
    static var policy: ServerGroupSpec.Policy { get }
    var group: ServerGroupSpec { get }
    var members: [String: Int] { get }
    init(group: ServerGroupSpec, members: [String: Int])
}

extension ServerGroupFilter {
    init?(_ request: PlacementRequest) {
        guard let group = request.instance.serverGroup, group.policy == Self.policy else { return nil }
        self.init(group: group, members: request.groupMembers)
    }

    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool { group.allows(host.pointee.host, members: members) }

    func reason(_ host: ResourceProvider) -> String { group.violation(placingOn: host.host, members: members) ?? "" }
}
