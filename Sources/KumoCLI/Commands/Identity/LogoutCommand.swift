import ArgumentParser
import KumoClient

/// `kumo logout`: revokes the cached session's token and forgets it; when identity cannot be reached the
/// cache stays, to retry.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Revoke the cached session's token and delete the cache.")

    func run() async throws {
        let cache = SessionCache.standard()
        guard let entry = cache.load() else {
            print("Not logged in.")
            return
        }
        do {
            try await KumoHTTPClient.with { http in
                let token = entry.session.token
                try await CloudClient.reaching(entry.key.authURL) {
                    try await IdentityClient(client: http).revoke(
                        token, options: AuthOptions(authURL: entry.key.authURL), token: token)
                }
            }
        } catch let failure as APIFailure where [401, 404].contains(failure.status) {
            // Expired or already revoked: nothing left to revoke.
        }
        try cache.remove()
        print("Logged out.")
    }
}
