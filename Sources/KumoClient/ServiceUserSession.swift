import Foundation

/// The sign-in of a Kumo service's own identity user (`image`, `compute` …), scoped to the `service`
/// project: one token, renewed when it has less than five minutes left or when a service refused it.
public actor ServiceUserSession {
    private let identity: IdentityClient
    private let options: @Sendable () throws -> AuthOptions
    private var current: IdentitySession?

    /// - Parameter options: how to sign in; read at each sign-in (the password may live in a file).
    public init(identity: IdentityClient, options: @escaping @Sendable () throws -> AuthOptions) {
        self.identity = identity
        self.options = options
    }

    /// A session good for at least five more minutes, signing in when needed.
    public func session() async throws -> IdentitySession {
        if let current, current.expiresAt.timeIntervalSinceNow > 300 { return current }
        let session = try await identity.authenticate(try options())
        current = session
        return session
    }

    /// Forgets `token` after a service refused it, so the next `session()` signs in again.
    public func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }
}
