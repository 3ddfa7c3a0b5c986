import KumoRPC

/// Hard affinity: once a member of the instance's server group is placed, only its host qualifies.
struct ServerGroupAffinityFilter: ServerGroupFilter {
    static let policy = ServerGroupSpec.Policy.affinity
    let group: ServerGroupSpec
    let members: [String: Int]
}
