import Foundation

/// Rejects hosts disabled through os-services and hosts that stopped reporting (down).
struct ComputeFilter: HostFilter {
    let now: Date
    let downAfterSeconds: Int

    init?(_ request: PlacementRequest) {
        now = request.now
        downAfterSeconds = request.downAfterSeconds
    }

    func passes(_ host: ResourceProvider) -> Bool {
        host.enabled && host.isUp(at: now, downAfterSeconds: downAfterSeconds)
    }

    func reason(_ host: ResourceProvider) -> String {
        guard host.enabled else { return host.disabledReason.map { "disabled (\($0))" } ?? "disabled" }
        return "down (last report \(Int(now.timeIntervalSince(host.lastReport))) s ago)"
    }
}
