import Hummingbird
import HummingbirdTesting
import KumoCore
import KumoHTTP
import Logging
import Testing

@Suite("Request context")
struct KumoRequestContextTests {
    @Test("The operation context carries the request id, the user, the project and the roles")
    func operationContext() async throws {
        let router = Router(errorStyle: .keystone)
        router.add(middleware: FixedCredentialsMiddleware())
        router.get("whoami") { _, context -> String in
            let operation = context.operationContext
            #expect(operation.requestID == context.requestID)
            #expect(context.logger[metadataKey: "user.id"]?.description == "u-1")
            return [operation.userID ?? "-", operation.projectID ?? "-", operation.roles.joined(separator: ",")]
                .joined(separator: " ")
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/whoami", method: .get) { response in
                #expect(String(buffer: response.body) == "u-1 p-1 admin,member")
            }
        }
    }

    @Test("A valid traceparent is passed on, a malformed one dropped")
    func traceparent() async throws {
        let router = Router(errorStyle: .nova)
        router.get("trace") { _, context in context.operationContext.traceparent ?? "none" }
        let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/trace", method: .get, headers: [.init("traceparent")!: valid]) {
                #expect(String(buffer: $0.body) == valid)
            }
            try await client.execute(uri: "/trace", method: .get, headers: [.init("traceparent")!: "junk"]) {
                #expect(String(buffer: $0.body) == "none")
            }
        }
    }
}

/// Stands in for the auth middleware.
struct FixedCredentialsMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: KumoRequestContext,
        next: (Request, KumoRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.credentials = Credentials(
            userID: "u-1", userName: "alice", userDomainID: "default", projectID: "p-1", domainID: nil,
            roles: ["admin", "member"], auditID: "a-1")
        return try await next(request, context)
    }
}
