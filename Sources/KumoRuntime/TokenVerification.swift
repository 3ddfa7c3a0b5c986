import Foundation
import KumoAuth
import KumoBus
import KumoConfig
import KumoRPC
import Logging
import ServiceLifecycle
import Synchronization

/// A service's local view of identity's token keys and revocations, kept current over the bus.
///
/// Run it beside the service's HTTP server and give `verifier` to `TokenAuthMiddleware`: it joins
/// identity's announcements (new keys, revocations, applied as they arrive, well within a second),
/// fetches the whole state at start and again every `resyncInterval` so an announcement missed while
/// the broker was away is caught up. Until the first answer no key is known and every token is refused.
public struct TokenVerification: Service {
    public let verifier: TokenVerifier
    public let revocations: RevocationList
    let bus: Bus
    let logger: Logger
    let resyncInterval: Duration
    private let refreshes = RefreshGate()

    public init(bus: Bus, logger: Logger, maxTokenLifetime: TimeInterval, resyncInterval: Duration = .seconds(30)) {
        let revocations = RevocationList(maxTokenLifetime: maxTokenLifetime)
        self.revocations = revocations
        // An empty key set cannot be invalid.
        self.verifier = try! TokenVerifier(revocations: revocations)
        self.bus = bus
        self.logger = logger
        self.resyncInterval = resyncInterval
    }

    /// Fetches identity's state now (for a token signed by an unknown key); at most one fetch runs
    /// at a time and none more often than once a second, so bad tokens cannot flood identity.
    public func refresh() async {
        guard refreshes.begin() else { return }
        defer { refreshes.end() }
        if let state = try? await bus.call(
            IdentityAPI.verificationState, Empty(), topic: IdentityAPI.topic, timeout: .seconds(2), idempotent: true)
        {
            try? apply(state)
        }
    }

    /// Whether identity's keys have arrived.
    public var isReady: Bool { !verifier.keyIDs.isEmpty }

    /// Applies a whole state or an announcement.
    public func apply(_ state: IdentityAPI.VerificationState) throws(SigningKeyError) {
        revocations.add(contentsOf: state.revocations)
        if let keys = state.publicKeys { try verifier.replaceKeys(keys) }
    }

    public func run() async throws {
        var dispatcher = RPCDispatcher()
        dispatcher.register(IdentityAPI.announce) { state, _ in
            try apply(state)
            return Empty()
        }
        let announcements = RPCServer(
            bus: bus, binding: .fanout(IdentityAPI.announcements), dispatcher: dispatcher, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await announcements.run() }
            group.addTask { await resync() }
        }
    }

    /// Fetches the whole state: every second until the first answer, then every `resyncInterval`.
    private func resync() async {
        var warned = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var wait = resyncInterval
            do {
                let state = try await bus.call(
                    IdentityAPI.verificationState, Empty(), topic: IdentityAPI.topic, timeout: .seconds(5),
                    idempotent: true)
                try apply(state)
                revocations.prune()
                if warned { logger.info("identity's token keys received") }
                warned = false
            } catch {
                if !warned { logger.warning("waiting for identity's token keys", metadata: ["error": "\(error)"]) }
                warned = true
                wait = .seconds(1)
            }
            let pause = wait
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }
}

extension ServiceEnvironment {
    /// Token verification for an API service, following identity over this environment's bus.
    public func tokenVerification() throws -> TokenVerification {
        let lifetime = try settings.reader.int("identity.token_expiration_seconds", in: 60...86400 * 7)
        return TokenVerification(bus: bus, logger: logger, maxTokenLifetime: TimeInterval(lifetime))
    }
}

/// Lets one refresh through at a time, at most once a second.
final class RefreshGate: Sendable {
    private let state = Mutex<(running: Bool, last: ContinuousClock.Instant?)>((false, nil))

    func begin() -> Bool {
        state.withLock { state in
            if state.running { return false }
            if let last = state.last, ContinuousClock.now - last < .seconds(1) { return false }
            state = (true, .now)
            return true
        }
    }

    func end() {
        state.withLock { $0.running = false }
    }
}
