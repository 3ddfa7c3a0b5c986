import Foundation
import KumoClient
import KumoRuntime
import Logging

/// The image service's own sign-in: the `image` user's token, scoped to the `service` project, and the
/// object store account of that project, read from the token's catalog. Renewed when it has less than
/// five minutes left, or when the object store refuses it.
actor ServiceSession {
    /// A token and the object store account URL it opens.
    struct Account: Sendable {
        var token: String
        var url: String
        var expiresAt: Date
    }

    private let identity: IdentityClient
    private let settings: KumoSettings
    private let imageSettings: ImageSettings
    private let logger: Logger
    private var current: Account?

    init(identity: IdentityClient, settings: KumoSettings, imageSettings: ImageSettings, logger: Logger) {
        self.identity = identity
        self.settings = settings
        self.imageSettings = imageSettings
        self.logger = logger
    }

    /// A token good for at least five more minutes, signing in when needed.
    /// - Throws: `ObjectStoreError.signIn` when identity refuses or cannot be reached.
    func account() async throws(ObjectStoreError) -> Account {
        if let current, current.expiresAt.timeIntervalSinceNow > 300 { return current }
        do {
            let options = AuthOptions(
                authURL: imageSettings.identityURL, username: "image",
                password: try settings.servicePassword(for: "image", create: false), projectName: "service",
                region: imageSettings.region)
            let session = try await identity.authenticate(options)
            let account = Account(
                token: session.token, url: try session.endpoint(type: "object-store", region: imageSettings.region),
                expiresAt: session.expiresAt)
            current = account
            return account
        } catch {
            logger.error("the image service cannot sign in to identity", metadata: ["error": "\(error)"])
            throw .signIn
        }
    }

    /// Forgets a token the object store refused.
    func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }
}
