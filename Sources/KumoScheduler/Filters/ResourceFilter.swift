/// A filter keeping the hosts with room for the instance in one inventory.
protocol ResourceFilter: HostFilter {
    /// How much of the inventory the instance needs.
    var requested: Int { get }
    /// "MiB", "vCPU", "GiB".
    static var unit: String { get }
    static func inventory(_ host: UnsafePointer<ResourceProvider>) -> Inventory
}

extension ResourceFilter {
    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool { requested <= Self.inventory(host).free }

    func reason(_ host: ResourceProvider) -> String {
        withUnsafePointer(to: host) { Self.inventory($0).describe(unit: Self.unit) }
    }
}
