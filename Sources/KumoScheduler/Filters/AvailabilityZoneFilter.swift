import KumoRPC

/// Keeps the hosts of the availability zone the instance asked for.
struct AvailabilityZoneFilter: HostFilter {
    let zone: String

    init?(_ request: PlacementRequest) {
        guard let zone = request.instance.availabilityZone, !zone.isEmpty else { return nil }
        self.zone = zone
    }

    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool { host.pointee.availabilityZone == zone }

    func reason(_ host: ResourceProvider) -> String {
        "in availability zone \(host.availabilityZone), not \(zone)"
    }
}
