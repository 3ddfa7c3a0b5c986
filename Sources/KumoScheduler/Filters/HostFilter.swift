/// One test a host must pass to receive an instance, set up for one placement.
///
/// `passes` runs for every host on every placement: keep it to a few comparisons of plain fields, read
/// through the pointer (a `ResourceProvider` passed by value would be copied, strings retained, each time).
/// `reason` runs only to explain a rejection.
protocol HostFilter: Sendable {
    /// The name shown in rejections.
    static var name: String { get }
    /// nil when the request asks nothing this filter checks (no availability zone, no server group…).
    init?(_ request: PlacementRequest)
    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool
    /// Why `host` fails, in a few words ("disabled (maintenance)").
    func reason(_ host: ResourceProvider) -> String
}

extension HostFilter {
    /// The type's name, as Nova names its filters.
    static var name: String { String(describing: self) }
}

/// The filters, in the order they run: a host is rejected by the first it fails.
let hostFilters: [any HostFilter.Type] = [
    RetryFilter.self, ComputeFilter.self, AvailabilityZoneFilter.self, ImagePropertiesFilter.self, RAMFilter.self,
    CoreFilter.self, DiskFilter.self, ServerGroupAffinityFilter.self, ServerGroupAntiAffinityFilter.self,
]
