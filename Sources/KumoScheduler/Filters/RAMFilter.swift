/// Keeps the hosts with the flavor's RAM free (reserved memory and the RAM allocation ratio applied).
struct RAMFilter: ResourceFilter {
    static let unit = "MiB"
    let requested: Int

    init?(_ request: PlacementRequest) { requested = request.memoryMB }

    static func inventory(_ host: UnsafePointer<ResourceProvider>) -> Inventory { host.pointee.memoryMB }
}
