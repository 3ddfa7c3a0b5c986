/// Which listing server: a container server lists a container's objects, an account server an
/// account's containers.
public enum ListingKind: String, Sendable, CaseIterable {
    case container, account

    /// Path parts that name one database: `/a/c` for containers, `/a` for accounts.
    var depth: Int { self == .container ? 2 : 1 }

    /// The directory of its databases on a device: `containers` or `accounts`.
    var directory: String { rawValue + "s" }

    /// Metadata headers: `X-Container-Meta-` or `X-Account-Meta-`.
    var metadataPrefix: String { self == .container ? "x-container-meta-" : "x-account-meta-" }
}
