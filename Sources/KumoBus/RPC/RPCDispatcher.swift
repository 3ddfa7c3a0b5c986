import KumoCore

/// Maps method names to typed handlers and turns a request body into a reply body.
public struct RPCDispatcher: Sendable {
    typealias Handler = @Sendable (_ body: [UInt8], _ header: RequestHeader) async throws -> [UInt8]

    private var handlers: [String: (version: RPCVersion, handle: Handler)] = [:]

    public init() {}

    /// Serves `method` with `handler`; requests of a newer minor or another major version are refused.
    public mutating func register<Arguments, Result>(
        _ method: RPCMethod<Arguments, Result>,
        _ handler: @escaping @Sendable (Arguments, OperationContext) async throws -> Result
    ) {
        handlers[method.name] = (
            method.version,
            { body, header in
                let request = try EnvelopeCoding.decode(RequestEnvelope<Arguments>.self, from: body)
                let result = try await handler(request.args, header.context)
                return try EnvelopeCoding.encode(ReplyEnvelope(result: result))
            }
        )
    }

    /// The outcome of one request.
    public struct Outcome: Sendable {
        public var header: RequestHeader?
        /// The reply body: a result, or an error reply.
        public var reply: [UInt8]
        public var error: RemoteErrorBody?
    }

    /// Runs the handler of the request in `body` and returns the reply body (an error reply on failure).
    public func dispatch(_ body: [UInt8]) async -> Outcome {
        let header: RequestHeader
        do {
            header = try EnvelopeCoding.decode(RequestHeader.self, from: body)
            guard header.v == RequestEnvelope<Empty>.format else {
                throw BusError.unknownFormat(header.v)
            }
        } catch {
            return Self.failure(nil, error)
        }
        guard let entry = handlers[header.method], entry.version.canServe(header.version) else {
            return Self.failure(header, BusError.unsupported(method: header.method, version: "\(header.version)"))
        }
        do {
            return Outcome(header: header, reply: try await entry.handle(body, header))
        } catch {
            return Self.failure(header, error)
        }
    }

    private static func failure(_ header: RequestHeader?, _ error: any Error) -> Outcome {
        let body = RemoteErrorBody(error)
        return Outcome(header: header, reply: (try? EnvelopeCoding.encode(ReplyEnvelope<Empty>(error: body))) ?? [], error: body)
    }
}
