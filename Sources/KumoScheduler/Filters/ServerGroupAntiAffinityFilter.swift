import KumoRPC

/// Hard anti-affinity: no two members of the instance's server group on one host.
struct ServerGroupAntiAffinityFilter: ServerGroupFilter {
    static let policy = ServerGroupSpec.Policy.antiAffinity
    let group: ServerGroupSpec
    let members: [String: Int]
}
