import Foundation
import Synchronization

/// The revocation events in force, checked on every token verification.
///
/// Thread-safe. Per target only the latest `issuedBefore` matters, so the list keeps one instant
/// per target and a check is at most a handful of dictionary lookups. Events older than the longest
/// token lifetime can match no live token and are dropped by `prune(now:)`.
public final class RevocationList: Sendable {
    /// The longest lifetime a token can have; events older than this are pruned.
    public let maxTokenLifetime: TimeInterval
    private let latest = Mutex<[RevocationEvent.Target: Date]>([:])

    public init(maxTokenLifetime: TimeInterval, events: [RevocationEvent] = []) {
        self.maxTokenLifetime = maxTokenLifetime
        add(contentsOf: events)
    }

    public func add(_ event: RevocationEvent) {
        add(contentsOf: [event])
    }

    public func add(contentsOf events: some Sequence<RevocationEvent>) {
        latest.withLock { latest in
            for event in events {
                if let known = latest[event.target], known >= event.issuedBefore { continue }
                latest[event.target] = event.issuedBefore
            }
        }
    }

    /// The events in force, one per target (e.g. to hand to a service that just started).
    public var events: [RevocationEvent] {
        latest.withLock { latest in latest.map { RevocationEvent($0.key, issuedBefore: $0.value) } }
    }

    public var count: Int { latest.withLock { $0.count } }

    /// Whether some event revokes the token with `claims`.
    public func isRevoked(_ claims: TokenClaims) -> Bool {
        latest.withLock { latest in
            guard !latest.isEmpty else { return false }
            func revokes(_ target: RevocationEvent.Target) -> Bool {
                guard let issuedBefore = latest[target] else { return false }
                return claims.issuedAt <= issuedBefore
            }
            if revokes(.auditID(claims.auditID)) || revokes(.user(id: claims.userID)) { return true }
            if revokes(.domain(id: claims.userDomainID)) { return true }
            if let domainID = claims.scope.domainID, revokes(.domain(id: domainID)) { return true }
            if claims.auditIDs.contains(where: { revokes(.auditChain($0)) }) { return true }
            if let projectID = claims.scope.projectID {
                return revokes(.project(id: projectID))
                    || revokes(.userOnProject(userID: claims.userID, projectID: projectID))
            }
            return false
        }
    }

    /// Drops events that no unexpired token can match any more.
    public func prune(now: Date = Date()) {
        let cutoff = now.addingTimeInterval(-maxTokenLifetime)
        latest.withLock { latest in latest = latest.filter { $0.value >= cutoff } }
    }
}
