/// Rejects hosts already tried for this instance (`ignoreHosts`) or whose claim was just refused.
struct RetryFilter: HostFilter {
    let excluded: [String: String]

    init?(_ request: PlacementRequest) {
        guard !request.excluded.isEmpty else { return nil }
        excluded = request.excluded
    }

    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool { excluded[host.pointee.host] == nil }

    func reason(_ host: ResourceProvider) -> String { excluded[host.host] ?? "" }
}
