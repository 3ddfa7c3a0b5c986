/// The filter scheduler's decision on a set of hosts: filter, weigh, pick the best.
enum HostSelector {
    /// The index in `hosts` of the best host for `request`, or why there is none.
    static func select(
        from hosts: [ResourceProvider], for request: PlacementRequest, weigher: SchedulerSettings.Weigher
    ) -> Result<Int, NoValidHost> {
        let filters = hostFilters.compactMap { $0.init(request) }
        var candidates: [Int] = []
        candidates.reserveCapacity(hosts.count)
        hosts: for index in hosts.indices {
            for filter in filters where !filter.passes(hosts[index]) { continue hosts }
            candidates.append(index)
        }
        guard !candidates.isEmpty else {
            return .failure(NoValidHost(requested: request.summary, rejections: rejections(hosts, filters)))
        }
        let weighers: [any HostWeigher] = [RAMWeigher(weigher)] + [ServerGroupSoftWeigher(request)].compactMap { $0 }
        return .success(best(candidates, of: hosts, weighers: weighers))
    }

    /// The candidate with the highest sum of normalized, multiplied weights; the first one on a tie.
    private static func best(_ candidates: [Int], of hosts: [ResourceProvider], weighers: [any HostWeigher]) -> Int {
        var totals = [Double](repeating: 0, count: candidates.count)
        for weigher in weighers {
            let weights = candidates.map { weigher.weight(hosts[$0]) }
            guard let low = weights.min(), let high = weights.max(), high > low else { continue }
            let scale = weigher.multiplier / (high - low)
            for position in totals.indices { totals[position] += (weights[position] - low) * scale }
        }
        var winner = 0
        for position in totals.indices where totals[position] > totals[winner] { winner = position }
        return candidates[winner]
    }

    /// Each host with the first filter it fails (every host fails one when none is left).
    private static func rejections(_ hosts: [ResourceProvider], _ filters: [any HostFilter]) -> [NoValidHost.Rejection] {
        hosts.compactMap { host in
            filters.first { !$0.passes(host) }.map {
                NoValidHost.Rejection(host: host.host, filter: type(of: $0).name, reason: $0.reason(host))
            }
        }
    }
}
