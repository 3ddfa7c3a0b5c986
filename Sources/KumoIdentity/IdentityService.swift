import Foundation
import GRDB
import KumoAuth
import KumoCore
import Logging
import Synchronization

/// The identity service's shared state: its store, its signing keys, verification and revocations.
final class IdentityService: Sendable {
    let store: IdentityStore
    let settings: IdentitySettings
    let keys: KeyRepository
    /// Signs new tokens with the primary key; replaced by a key rotation.
    private let currentSigner: Mutex<TokenSigner>
    let verifier: TokenVerifier
    let revocations: RevocationList
    let hasher: PasswordHasher
    let logger: Logger
    /// Called with each change other services must learn (publishes it on the bus).
    let announce: @Sendable (IdentityAnnouncement) async -> Void

    init(
        directory: String, settings: IdentitySettings, logger: Logger,
        announce: @escaping @Sendable (IdentityAnnouncement) async -> Void = { _ in }
    ) throws {
        self.announce = announce
        self.settings = settings
        self.logger = logger
        store = try IdentityStore(path: "\(directory)/identity.sqlite")
        keys = try KeyRepository(directory: "\(directory)/keys", maxActiveKeys: settings.maxActiveKeys)
        try keys.setUp()
        currentSigner = Mutex(try keys.signer())
        revocations = RevocationList(maxTokenLifetime: Double(settings.tokenLifetime.components.seconds))
        verifier = try TokenVerifier(publicKeys: keys.publicKeys(), revocations: revocations)
        hasher = PasswordHasher(cost: ScryptCost(logN: settings.passwordHashCost))
    }

    /// Revokes the tokens `target` names that exist now: stored, applied here, and published.
    func revoke(_ target: RevocationEvent.Target) async {
        let event = RevocationEvent(target, issuedBefore: Date())
        revocations.add(event)
        do {
            let json = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            try await store.write { db in
                try db.execute(
                    sql: "INSERT INTO revocation_events (event, created_at) VALUES (?, ?)",
                    arguments: [json, Date().timeIntervalSince1970])
            }
        } catch {
            logger.error("cannot store a revocation event", metadata: ["error": "\(error)"])
        }
        await announce(.revocation(event))
    }

    /// The signer of new tokens.
    var signer: TokenSigner { currentSigner.withLock { $0 } }

    /// Rotates the keys on disk (staged → primary, new staged key, oldest retired), then signs with the
    /// new primary, verifies with the new set and announces it. Serialized by the key files' owner:
    /// only this process rotates.
    func rotateKeys() async throws -> (primary: String, publicKeys: [String: Data]) {
        let (signer, publicKeys) = try currentSigner.withLock { current in
            try keys.rotate()
            current = try keys.signer()
            return (current, try keys.publicKeys())
        }
        try verifier.replaceKeys(publicKeys)
        logger.notice("rotated token signing keys", metadata: ["primary": "\(signer.kid)"])
        await announce(.keys(publicKeys))
        return (signer.kid, publicKeys)
    }

    /// Loads the stored revocation events that may still match a live token.
    func loadRevocations() async throws {
        let horizon = Date().timeIntervalSince1970 - Double(settings.tokenLifetime.components.seconds)
        let events = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT event FROM revocation_events WHERE created_at >= ?", arguments: [horizon])
        }
        revocations.add(contentsOf: events.compactMap { try? JSONDecoder().decode(RevocationEvent.self, from: Data($0.utf8)) })
    }

    /// The Identity API's base URL for `links`.
    var base: String { settings.publicURL }

    /// Checks a token (signature, expiry, revocation) and returns what it says.
    func validate(_ token: String) throws -> TokenClaims {
        try verifier.verify(token)
    }
}

/// A change of identity's verification state that other services must learn.
enum IdentityAnnouncement: Sendable {
    case revocation(RevocationEvent)
    /// The whole new key set after a rotation.
    case keys([String: Data])
}
