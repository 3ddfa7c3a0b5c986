import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KumoHTTP
import Testing

@Suite("Request ids")
struct RequestIDMiddlewareTests {
    /// `req-` and a lowercase UUID.
    static func isRequestID(_ value: String?) -> Bool {
        guard let value, value.hasPrefix("req-") else { return false }
        let uuid = value.dropFirst(4)
        return UUID(uuidString: String(uuid)) != nil && uuid == uuid.lowercased()
    }

    @Test(
        "Success and error responses carry X-Openstack-Request-Id",
        arguments: ["/ok", "/projects/p-1", "/leak", "/nowhere"])
    func headerPresent(path: String) async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(Self.isRequestID(response.headers[.openStackRequestID]))
            }
        }
    }

    @Test("Each request gets its own id")
    func unique() async throws {
        let ids = try await makeTestApplication(style: .nova).test(.router) { client in
            var ids: [String] = []
            for path in ["/ok", "/ok", "/nowhere", "/nowhere", "/leak"] {
                let id = try await client.execute(uri: path, method: .get) { $0.headers[.openStackRequestID] }
                ids.append(try #require(id))
            }
            return ids
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test("The id is the context's, the request logger's and Logger.current's")
    func loggerMetadata() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/request-id", method: .get) { response in
                let header = try #require(response.headers[.openStackRequestID])
                #expect(String(buffer: response.body) == "\(header) \(header) \(header)")
            }
        }
    }
}
