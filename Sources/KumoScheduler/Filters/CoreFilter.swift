/// Keeps the hosts with the flavor's vCPUs free (CPU allocation ratio applied).
struct CoreFilter: ResourceFilter {
    static let unit = "vCPU"
    let requested: Int

    init?(_ request: PlacementRequest) { requested = request.vcpus }

    static func inventory(_ host: UnsafePointer<ResourceProvider>) -> Inventory { host.pointee.vcpus }
}
