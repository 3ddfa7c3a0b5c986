/// The scheduler's in-memory copy of the providers and their usage, as of change number `seq`.
///
/// Caught up from the database by `update` (the rows changed since `seq`, read in one snapshot) and by
/// the scheduler's own claims and releases (`apply`), whichever comes first.
struct HostView {
    private(set) var seq: Int64 = 0
    private var hosts: [ResourceProvider] = []
    private var positions: [String: Int] = [:]

    /// The name of the best host for `request`, or why there is none.
    func select(_ request: PlacementRequest, weigher: SchedulerSettings.Weigher) -> Result<String, NoValidHost> {
        HostSelector.select(from: hosts, for: request, weigher: weigher).map { hosts[$0].host }
    }

    /// Takes the providers changed between `seq` and `snapshot`, as they were at `snapshot`.
    mutating func update(_ changed: [ResourceProvider], snapshot: Int64) {
        guard snapshot > seq else { return }  // an older read than what the view already holds
        for provider in changed {
            if let position = positions[provider.host] {
                hosts[position] = provider
            } else {
                positions[provider.host] = hosts.count
                hosts.append(provider)
            }
        }
        seq = snapshot
    }

    /// Brings in change `change`, committed by this scheduler: an allocation added, one removed, or both
    /// (a consumer moved); nothing when an update already brought the change in.
    mutating func apply(change: Int64, adding added: Allocation? = nil, removing removed: Allocation? = nil) {
        guard change > seq else { return }
        if let added { add(added, sign: 1) }
        if let removed { add(removed, sign: -1) }
        if change == seq + 1 { seq = change }  // nothing else happened in between
    }

    private mutating func add(_ allocation: Allocation, sign: Int) {
        guard let position = positions[allocation.host] else { return }
        hosts[position].vcpus.used += sign * allocation.vcpus
        hosts[position].memoryMB.used += sign * allocation.memoryMB
        hosts[position].diskGB.used += sign * allocation.diskGB
        hosts[position].allocationCount += sign
        hosts[position].generation += 1
    }
}
