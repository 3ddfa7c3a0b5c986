import Foundation

/// Who asked for an operation and under which request id; travels with every RPC message.
public struct OperationContext: Codable, Sendable, Equatable {
    /// `req-<uuid>`, echoed to HTTP clients as `X-Openstack-Request-Id`.
    public var requestID: String
    public var userID: String?
    public var projectID: String?
    public var roles: [String]
    /// W3C trace context, passed through untouched.
    public var traceparent: String?

    public init(
        requestID: String = OperationContext.newRequestID(),
        userID: String? = nil,
        projectID: String? = nil,
        roles: [String] = [],
        traceparent: String? = nil
    ) {
        self.requestID = requestID
        self.userID = userID
        self.projectID = projectID
        self.roles = roles
        self.traceparent = traceparent
    }

    /// A context for work the system starts itself (periodic tasks, heartbeats).
    public static func system() -> OperationContext { OperationContext(roles: ["admin"]) }

    public static func newRequestID() -> String { "req-" + UUID().uuidString.lowercased() }

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case userID = "user_id"
        case projectID = "project_id"
        case roles
        case traceparent
    }
}
