import KumoClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KumoHTTP
import NIOCore
import Testing

@Suite("JSON bodies")
struct JSONBodyReaderTests {
    @Test("A valid body decodes and the reply is JSON with its status")
    func roundTrip() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(
                uri: "/projects", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                body: ByteBuffer(string: #"{"project": {"name": "demo/a"}}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"project":{"name":"demo/a"}}"#)
            }
        }
    }

    @Test("A body over the limit answers 413 in the API's style")
    func tooLarge() async throws {
        let app = makeTestApplication(style: .nova, reader: JSONBodyReader(maxSize: 64))
        try await app.test(.router) { client in
            let big = #"{"project": {"name": "\#(String(repeating: "x", count: 100))"}}"#
            try await client.execute(uri: "/projects", method: .post, body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                let golden = #"""
                    {"overLimit": {"code": 413, "message": "The request body is larger than the limit of 64 bytes."}}
                    """#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
        }
    }

    @Test("The 1 MiB default limit holds over a live connection")
    func tooLargeLive() async throws {
        try await makeTestApplication(style: .keystone).test(.live) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: JSONBodyReader.defaultMaxSize + 1)
            try await client.execute(uri: "/projects", method: .post, body: big) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.openStackRequestID] != nil)
            }
        }
    }

    @Test("A non-JSON Content-Type answers 415, or 400 the Keystone way")
    func wrongContentType() async throws {
        let body = ByteBuffer(string: #"{"project": {"name": "demo"}}"#)
        try await makeTestApplication(style: .nova).test(.router) { client in
            try await client.execute(
                uri: "/projects", method: .post, headers: [.contentType: "text/plain"], body: body
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(
                    json["badMediaType"]?["message"]
                        == .string("Unsupported Content-Type 'text/plain'; send application/json."))
            }
        }
        try await makeTestApplication(style: .keystone, reader: .keystone).test(.router) { client in
            try await client.execute(
                uri: "/projects", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: body
            ) { response in
                #expect(response.status == .badRequest)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["error"]?["message"]?.string?.contains("application/json") == true)
            }
        }
    }

    @Test("An empty body is a 400 saying a JSON object was expected")
    func emptyBody() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/projects", method: .post) { response in
                #expect(response.status == .badRequest)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["error"]?["message"] == .string("The request body is empty; a JSON object was expected."))
            }
        }
    }
}
