import KumoCore

/// The object store, where image data lives, failed a request of the image service (503).
enum ObjectStoreError: PublicError, Equatable {
    /// The service's own user could not sign in to identity.
    case signIn
    /// The object proxy answered `status` (nil: could not be reached) to `action`.
    case failed(action: String, status: Int?)

    var statusCode: Int { 503 }

    var publicMessage: String {
        switch self {
        case .signIn: "The image store is unavailable: the image service cannot sign in to identity."
        case .failed(let action, let status):
            "The image store is unavailable: \(action) failed (\(status.map { "HTTP \($0)" } ?? "no answer"))."
        }
    }
}
