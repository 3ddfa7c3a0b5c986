import KumoRPC

/// Soft affinity (prefer hosts holding more members of the group) or soft anti-affinity (fewer).
///
/// Weighs twice the RAM weigher, so the policy wins over free RAM wherever a host qualifies.
struct ServerGroupSoftWeigher: HostWeigher {
    let multiplier: Double
    let members: [String: Int]

    init?(_ request: PlacementRequest) {
        switch request.instance.serverGroup?.policy {
        case .softAffinity: multiplier = 2
        case .softAntiAffinity: multiplier = -2
        default: return nil
        }
        members = request.groupMembers
    }

    func weight(_ host: UnsafePointer<ResourceProvider>) -> Double { Double(members[host.pointee.host] ?? 0) }
}
