import Hummingbird
import KumoCore
import Logging

/// The request context of every Kumo API: Hummingbird's core storage plus who is asking and under which request id.
///
/// The request id is made when the context is, before any middleware runs, so Hummingbird's own log lines, the
/// error middleware and the handlers all see the same `req-<uuid>`; ``RequestIDMiddleware`` echoes it to the client.
public struct KumoRequestContext: RequestContext, Sendable {
    /// Hummingbird's per-request storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// `req-<uuid4>`, also in the logger metadata as `request.id` and answered as `X-Openstack-Request-Id`.
    public internal(set) var requestID: String
    /// W3C `traceparent` sent by the client, passed on untouched to RPC calls.
    public internal(set) var traceparent: String?
    /// Who the request acts as; `nil` until an authentication middleware sets it.
    public var credentials: Credentials? {
        didSet { updateLoggerIdentity() }
    }

    /// Largest request body Hummingbird's own `request.decode(as:context:)` reads (1 MiB, as ``JSONBodyReader``).
    public var maxUploadSize: Int { JSONBodyReader.defaultMaxSize }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = OperationContext.newRequestID()
        self.traceparent = nil
        self.credentials = nil
        self.logger[metadataKey: "request.id"] = .string(requestID)
    }

    /// The context to send with RPC calls made on behalf of this request.
    public var operationContext: OperationContext {
        OperationContext(
            requestID: requestID,
            userID: credentials?.userID,
            projectID: credentials?.projectID,
            roles: credentials?.roles ?? [],
            traceparent: traceparent
        )
    }

    private mutating func updateLoggerIdentity() {
        logger[metadataKey: "user.id"] = credentials.map { .string($0.userID) }
        logger[metadataKey: "project.id"] = credentials?.projectID.map { .string($0) }
    }
}
