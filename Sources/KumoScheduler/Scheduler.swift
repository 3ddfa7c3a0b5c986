import Foundation
import KumoRPC

/// Nova's filter scheduler over the placement database: filters and weighs the compute hosts for an
/// instance, then claims its resources on the best one.
///
/// Hosts are filtered in memory (`HostView`), caught up before each placement with only the providers
/// changed since (one indexed read); the database has the last word, as each claim re-checks there.
///
/// One placement at a time: an actor whose placement runs in one turn, with synchronous database calls
/// (each a fraction of a millisecond, or up to the busy timeout while another process holds the write
/// lock). Concurrent placements thus neither refresh the view for each other's claims nor choose a host
/// without seeing the claims before theirs, and cost no hops between the cooperative pool and GRDB's queues.
public actor Scheduler {
    let store: PlacementStore
    let settings: SchedulerSettings
    let clock: @Sendable () -> Date
    private var view = HostView()

    /// - Parameter clock: the time hosts' last reports are judged against (up or down).
    public init(store: PlacementStore, settings: SchedulerSettings, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.settings = settings
        self.clock = clock
    }

    /// Chooses a host for `request.instance` and claims its resources there for `request.instance.uuid`.
    ///
    /// When the claim on the best host is refused (another scheduler took the room meanwhile), catches
    /// up with the database and tries the next best, never that host again.
    public func place(_ request: SchedulerAPI.ScheduleRequest) throws -> PlacementDecision {
        let instance = request.instance
        var excluded = Dictionary(
            request.ignoreHosts.map { ($0, "already tried for this instance") }, uniquingKeysWith: { first, _ in first })
        while true {
            try refresh()
            var members: [String: Int] = [:]
            if let group = instance.serverGroup {
                members = try store.groupMembers(group.id, excluding: instance.uuid)
            }
            let placement = PlacementRequest(
                instance: instance, excluded: excluded, now: clock(), downAfterSeconds: settings.downAfterSeconds,
                groupMembers: members)
            let host: String
            switch view.select(placement, weigher: settings.weigher) {
            case .failure(let noValidHost): return .noValidHost(noValidHost)
            case .success(let chosen): host = chosen
            }
            let allocation = Allocation(
                consumer: instance.uuid, host: host, vcpus: placement.vcpus, memoryMB: placement.memoryMB,
                diskGB: placement.diskGB, projectID: instance.projectID, serverGroup: instance.serverGroup)
            switch try store.commitClaim(allocation) {
            case .claimed(let seq, let replaced):
                view.apply(change: seq, adding: allocation, removing: replaced)
                return .host(host)
            case .refused(let reason):
                excluded[host] = "claim refused: \(reason)"
            }
        }
    }

    /// Frees what `consumer` holds (a placement that could not be handed to its host).
    func release(consumer: String) throws {
        guard let (allocation, seq) = try store.commitRelease(consumer: consumer) else { return }
        view.apply(change: seq, removing: allocation)
    }

    /// Brings the view up to date with what other processes changed.
    private func refresh() throws {
        let (snapshot, changed) = try store.changes(since: view.seq)
        view.update(changed, snapshot: snapshot)
    }
}
