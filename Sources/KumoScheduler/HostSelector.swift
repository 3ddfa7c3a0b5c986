/// The filter scheduler's decision on a set of hosts: filter, weigh, pick the best.
enum HostSelector {
    /// The index in `hosts` of the best host for `request`, or why there is none.
    static func select(
        from hosts: [ResourceProvider], for request: PlacementRequest, weigher: SchedulerSettings.Weigher
    ) -> Result<Int, NoValidHost> {
        let filters = hostFilters.compactMap { $0.init(request) }
        let weighers: [any HostWeigher] = [RAMWeigher(weigher)] + [ServerGroupSoftWeigher(request)].compactMap { $0 }
        return hosts.withUnsafeBufferPointer { hosts in
            guard let first = hosts.baseAddress else {
                return .failure(NoValidHost(requested: request.summary, rejections: []))
            }
            // One filter at a time over the remaining hosts: each filter is unboxed once, not once per host.
            var candidates = Array(first..<first + hosts.count)
            for filter in filters { candidates.removeAll { !filter.passes($0) } }
            guard !candidates.isEmpty else {
                let rejections = (first..<first + hosts.count).compactMap { rejection($0, filters) }
                return .failure(
                    NoValidHost(requested: request.summary, rejections: rejections.sorted { $0.host < $1.host }))
            }
            return .success(best(candidates, weighers: weighers) - first)
        }
    }

    /// The candidate with the highest sum of normalized, multiplied weights; the first one on a tie.
    private static func best(
        _ candidates: [UnsafePointer<ResourceProvider>], weighers: [any HostWeigher]
    ) -> UnsafePointer<ResourceProvider> {
        if weighers.count == 1, let weigher = weighers.first {  // normalizing one weigher cannot change the order
            var winner = candidates[0]
            var top = weigher.multiplier * weigher.weight(winner)
            for candidate in candidates.dropFirst() {
                let weight = weigher.multiplier * weigher.weight(candidate)
                if weight > top { (winner, top) = (candidate, weight) }
            }
            return winner
        }
        var totals = [Double](repeating: 0, count: candidates.count)
        for weigher in weighers {
            let weights = candidates.map(weigher.weight)
            guard let low = weights.min(), let high = weights.max(), high > low else { continue }
            let scale = weigher.multiplier / (high - low)
            for position in totals.indices { totals[position] += (weights[position] - low) * scale }
        }
        var winner = 0
        for position in totals.indices where totals[position] > totals[winner] { winner = position }
        return candidates[winner]
    }

    /// The first filter `host` fails, with its reason.
    private static func rejection(_ host: UnsafePointer<ResourceProvider>, _ filters: [any HostFilter])
        -> NoValidHost.Rejection?
    {
        filters.first { !$0.passes(host) }.map {
            NoValidHost.Rejection(host: host.pointee.host, filter: type(of: $0).name, reason: $0.reason(host.pointee))
        }
    }
}
