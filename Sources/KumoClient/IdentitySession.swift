import Foundation

/// A token and what identity said about it: who, which project, which roles, the service catalog.
public struct IdentitySession: Sendable, Codable, Equatable {
    public var token: String
    public var expiresAt: Date
    public var userID: String
    public var userName: String
    public var projectID: String?
    public var projectName: String?
    public var roles: [String]
    public var catalog: [CatalogService]

    /// One service of the catalog and its endpoints.
    public struct CatalogService: Sendable, Codable, Equatable {
        public var type: String
        public var name: String
        public var endpoints: [Endpoint]
    }

    /// One endpoint of a catalog service.
    public struct Endpoint: Sendable, Codable, Equatable {
        public var interface: String
        public var region: String?
        public var url: String
    }

    /// The URL of the `interface` endpoint of the service of `type` (in `region` when given).
    /// - Throws: `APIFailure` (404-like) naming the missing service.
    public func endpoint(type: String, interface: String = "public", region: String? = nil) throws -> String {
        let endpoint = catalog.first { $0.type == type }?.endpoints.first {
            $0.interface == interface && (region == nil || $0.region == region)
        }
        guard var url = endpoint?.url else {
            throw APIFailure(
                status: 404, message: "the catalog has no \(interface) endpoint of type \(type)", request: "catalog")
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Whether the token is still good for `margin` more.
    public func isValid(for margin: TimeInterval = 30, now: Date = Date()) -> Bool {
        expiresAt.timeIntervalSince(now) > margin
    }
}
