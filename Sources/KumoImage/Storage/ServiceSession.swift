import Foundation
import KumoClient
import KumoRuntime
import Logging

/// The image service's own sign-in: the `image` user's token, scoped to the `service` project, and the
/// object store account of that project, read from the token's catalog.
struct ServiceSession: Sendable {
    /// A token and the object store account URL it opens.
    struct Account: Sendable {
        var token: String
        var url: String
    }

    private let user: ServiceUserSession
    private let region: String
    private let logger: Logger

    init(identity: IdentityClient, settings: KumoSettings, imageSettings: ImageSettings, logger: Logger) {
        user = ServiceUserSession(identity: identity) {
            AuthOptions(
                authURL: imageSettings.identityURL, username: "image",
                password: try settings.servicePassword(for: "image", create: false), projectName: "service",
                region: imageSettings.region)
        }
        region = imageSettings.region
        self.logger = logger
    }

    /// A token good for at least five more minutes, signing in when needed.
    /// - Throws: `ObjectStoreError.signIn` when identity refuses or cannot be reached.
    func account() async throws(ObjectStoreError) -> Account {
        do {
            let session = try await user.session()
            return Account(token: session.token, url: try session.endpoint(type: "object-store", region: region))
        } catch {
            logger.error("the image service cannot sign in to identity", metadata: ["error": "\(error)"])
            throw .signIn
        }
    }

    /// Forgets a token the object store refused.
    func invalidate(_ token: String) async {
        await user.invalidate(token)
    }
}
