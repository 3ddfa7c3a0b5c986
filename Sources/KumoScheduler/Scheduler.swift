import Foundation
import KumoRPC

/// Nova's filter scheduler over the placement database: filters and weighs the compute hosts for an
/// instance, then claims its resources on the best one.
///
/// Hosts are filtered in memory (`HostView`), caught up before each placement with only the providers
/// changed since (one indexed read); the database has the last word, as each claim re-checks there.
public final class Scheduler: Sendable {
    let store: PlacementStore
    let settings: SchedulerSettings
    let clock: @Sendable () -> Date
    private let view = HostView()

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
    public func place(_ request: SchedulerAPI.ScheduleRequest) async throws -> PlacementDecision {
        let instance = request.instance
        var excluded = Dictionary(
            request.ignoreHosts.map { ($0, "already tried for this instance") }, uniquingKeysWith: { first, _ in first })
        while true {
            try await refresh()
            var members: [String: Int] = [:]
            if let group = instance.serverGroup {
                members = try await store.groupMembers(group.id, excluding: instance.uuid)
            }
            let placement = PlacementRequest(
                instance: instance, excluded: excluded, now: clock(), downAfterSeconds: settings.downAfterSeconds,
                groupMembers: members)
            let host: String
            switch await view.select(placement, weigher: settings.weigher) {
            case .failure(let noValidHost): return .noValidHost(noValidHost)
            case .success(let chosen): host = chosen
            }
            let allocation = Allocation(
                consumer: instance.uuid, host: host, vcpus: placement.vcpus, memoryMB: placement.memoryMB,
                diskGB: placement.diskGB, projectID: instance.projectID, serverGroup: instance.serverGroup)
            switch try await store.commitClaim(allocation) {
            case .claimed(let seq, let replaced):
                await view.apply(change: seq, adding: allocation, removing: replaced)
                return .host(host)
            case .refused(let reason):
                excluded[host] = "claim refused: \(reason)"
            }
        }
    }

    /// Frees what `consumer` holds (a placement that could not be handed to its host).
    func release(consumer: String) async throws {
        guard let (allocation, seq) = try await store.commitRelease(consumer: consumer) else { return }
        await view.apply(change: seq, removing: allocation)
    }

    /// Brings the view up to date with what other processes changed.
    private func refresh() async throws {
        let known = await view.seq
        let (snapshot, changed) = try await store.changes(since: known)
        guard snapshot != known else { return }
        await view.update(changed, snapshot: snapshot)
    }
}
