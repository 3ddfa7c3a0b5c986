import Foundation
import KumoRPC

/// One placement as filters and weighers see it: the instance, what it needs and the state around it.
struct PlacementRequest: Sendable {
    let instance: InstanceSpec
    /// Hosts not to use, with why: tried before for this instance, or a claim there was just refused.
    let excluded: [String: String]
    let now: Date
    let downAfterSeconds: Int
    /// Hosts of the server group's other members, with how many on each (empty without a group).
    let groupMembers: [String: Int]

    var vcpus: Int { instance.flavor.vcpus }
    var memoryMB: Int { instance.flavor.memoryMB }
    var diskGB: Int { instance.flavor.diskGB }

    /// "8192 MiB RAM, 1 vCPU, 1 GiB disk".
    var summary: String {
        "\(memoryMB) MiB RAM, \(vcpus) vCPU\(vcpus == 1 ? "" : "s"), \(diskGB) GiB disk"
    }
}
