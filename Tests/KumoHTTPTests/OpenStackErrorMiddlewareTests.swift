import KumoClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KumoHTTP
import NIOCore
import Testing

@Suite("OpenStack error middleware")
struct OpenStackErrorMiddlewareTests {
    @Test("An unknown route answers 404 in the API's style")
    func unknownRoute() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/v3/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                let golden = #"""
                    {"error": {"code": 404, "title": "Not Found", "message": "The resource could not be found."}}
                    """#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
                #expect(response.headers[.openStackRequestID]?.hasPrefix("req-") == true)
            }
            // A known path with a method it has no route for is a 404 too (Hummingbird has no 405).
            try await client.execute(uri: "/ok", method: .delete) { response in
                #expect(response.status == .notFound)
                let body = try JSONValue(parsing: String(buffer: response.body))
                #expect(body["error"]?["code"] == .number(404))
            }
        }
    }

    @Test("Malformed JSON answers 400 in the API's style, saying what is wrong")
    func malformedJSON() async throws {
        try await makeTestApplication(style: .nova).test(.router) { client in
            try await client.execute(
                uri: "/projects", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"project": {"name": "demo",}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let message = try #require(
                    try JSONValue(parsing: String(buffer: response.body))["badRequest"]?["message"]?.string)
                #expect(message == "The request body is not valid JSON: unexpected end of file during JSON parse.")
            }
            try await client.execute(
                uri: "/projects", method: .post, body: ByteBuffer(string: #"{"project": {"name": "a" "b"}}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let json = try JSONValue(parsing: String(buffer: response.body))
                let message = json["badRequest"]?["message"]?.string
                #expect(message == "The request body is not valid JSON: invalid value around character 25.")
            }
        }
    }

    @Test(
        "A wrong field is a 400 naming the field",
        arguments: [
            (#"{"project": {}}"#, "Missing field 'project.name' in the request body."),
            (#"{"project": {"name": 7}}"#, "Field 'project.name' must be a string."),
            (#"{"project": {"name": null}}"#, "Field 'project.name' must be a string, not null."),
            (#"{"project": {"name": "x", "enabled": "yes"}}"#, "Field 'project.enabled' must be a boolean."),
            (#"{"project": {"name": "x", "tags": ["a", 2]}}"#, "Field 'project.tags[1]' must be a string."),
            (#"[1, 2]"#, "The request body must be a JSON object."),
        ])
    func wrongField(body: String, message: String) async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/projects", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["error"]?["message"]?.string == message)
            }
        }
    }

    @Test("Hummingbird's own decode errors are re-rendered in the API's style")
    func hummingbirdDecode() async throws {
        try await makeTestApplication(style: .nova).test(.router) { client in
            try await client.execute(
                uri: "/hummingbird-decode", method: .post, body: ByteBuffer(string: #"{"project": {}}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let message = try JSONValue(parsing: String(buffer: response.body))["badRequest"]?["message"]
                #expect(message?.string?.contains("name") == true)
            }
        }
    }

    @Test("A DecodingError thrown by a handler is a 400 naming the field")
    func rawDecodingError() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/raw-decode", method: .post) { response in
                #expect(response.status == .badRequest)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["error"]?["message"]?.string == "Field 'project.name' must be a string.")
            }
        }
    }

    @Test("Another module's PublicError keeps its status and message")
    func publicError() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/conflict", method: .get) { response in
                #expect(response.status == .conflict)
                let golden = #"""
                    {"error": {"code": 409, "title": "Conflict",
                     "message": "Conflict occurred attempting to store project - name demo is taken."}}
                    """#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
        }
    }

    @Test("An HTTPError without a message gets the usual wording for its status")
    func bareHTTPError() async throws {
        try await makeTestApplication(style: .neutron).test(.router) { client in
            try await client.execute(uri: "/http-error", method: .get) { response in
                #expect(response.status == .forbidden)
                let golden = #"""
                    {"NeutronError": {"type": "HTTPForbidden",
                     "message": "You are not authorized to perform the requested action.", "detail": ""}}
                    """#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
        }
    }

    @Test("An APIError's headers reach the response")
    func apiErrorHeaders() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/unauthorized", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Keystone uri="http://127.0.0.1:5000""#)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["error"]?["message"] == .string("The request you have made requires authentication."))
            }
        }
    }

    @Test("Any other error is a 500 quoting the request id, never the error's text")
    func unexpectedError() async throws {
        try await makeTestApplication(style: .nova).test(.router) { client in
            try await client.execute(uri: "/leak", method: .get) { response in
                #expect(response.status == .internalServerError)
                let text = String(buffer: response.body)
                #expect(!text.contains("secret"))
                #expect(!text.contains("SQLITE"))
                let requestID = try #require(response.headers[.openStackRequestID])
                let message = try JSONValue(parsing: text)["computeFault"]?["message"]?.string
                #expect(
                    message
                        == "An unexpected error prevented the server from fulfilling your request. "
                        + "(request id \(requestID))")
            }
        }
    }
}
