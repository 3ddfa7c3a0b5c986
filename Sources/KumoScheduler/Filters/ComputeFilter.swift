import Foundation

/// Rejects hosts disabled through os-services and hosts that stopped reporting (down).
struct ComputeFilter: HostFilter {
    let now: Date
    /// Hosts that last reported before this are down.
    let cutoff: Date

    init?(_ request: PlacementRequest) {
        now = request.now
        cutoff = request.now - Double(request.downAfterSeconds)
    }

    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool {
        host.pointee.enabled && host.pointee.lastReport >= cutoff
    }

    func reason(_ host: ResourceProvider) -> String {
        guard host.enabled else { return host.disabledReason.map { "disabled (\($0))" } ?? "disabled" }
        return "down (last report \(Int(now.timeIntervalSince(host.lastReport))) s ago)"
    }
}
