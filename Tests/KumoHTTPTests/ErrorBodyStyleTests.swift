import KumoClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KumoHTTP
import Testing

@Suite("Error body styles")
struct ErrorBodyStyleTests {
    @Test("Keystone errors are {error: {code, title, message}}")
    func keystone() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/projects/p-1", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
                let golden =
                    #"{"error": {"code": 404, "title": "Not Found", "message": "Could not find project: p-1."}}"#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
        }
    }

    @Test("Nova errors are named after nova's Fault table")
    func nova() async throws {
        try await makeTestApplication(style: .nova).test(.router) { client in
            try await client.execute(uri: "/projects/p-1", method: .get) { response in
                #expect(response.status == .notFound)
                let golden = #"{"itemNotFound": {"code": 404, "message": "Could not find project: p-1."}}"#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
            try await client.execute(uri: "/conflict", method: .get) { response in
                #expect(response.status == .conflict)
                let golden = #"""
                    {"conflictingRequest": {"code": 409,
                     "message": "Conflict occurred attempting to store project - name demo is taken."}}
                    """#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
        }
    }

    @Test("Neutron errors are {NeutronError: {type, message, detail}}")
    func neutron() async throws {
        try await makeTestApplication(style: .neutron).test(.router) { client in
            try await client.execute(uri: "/projects/p-1", method: .get) { response in
                #expect(response.status == .notFound)
                let golden = #"""
                    {"NeutronError": {"type": "HTTPNotFound", "message": "Could not find project: p-1.", "detail": ""}}
                    """#
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == JSONValue(golden: golden))
            }
        }
    }

    @Test("Swift errors are the message as plain text")
    func plain() async throws {
        try await makeTestApplication(style: .plain).test(.router) { client in
            try await client.execute(uri: "/projects/p-1", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(String(buffer: response.body) == "Could not find project: p-1.")
            }
        }
    }

    @Test(
        "Nova names every status of its table and calls the rest computeFault",
        arguments: [
            (400, "badRequest"), (401, "unauthorized"), (403, "forbidden"), (404, "itemNotFound"),
            (405, "badMethod"), (409, "conflictingRequest"), (413, "overLimit"), (415, "badMediaType"),
            (429, "overLimit"), (500, "computeFault"), (501, "notImplemented"), (502, "computeFault"),
            (503, "serviceUnavailable"),
        ]
    )
    func novaNames(code: Int, name: String) async throws {
        try await makeTestApplication(style: .nova).test(.router) { client in
            try await client.execute(uri: "/status/\(code)", method: .get) { response in
                #expect(response.status.code == code)
                let expected = JSONValue.object([
                    name: .object(["code": .number(Double(code)), "message": .string("m")])
                ])
                let actual = try JSONValue(parsing: String(buffer: response.body))
                #expect(actual == expected)
            }
        }
    }

    @Test(
        "Keystone titles are the standard reason phrases",
        arguments: [(400, "Bad Request"), (401, "Unauthorized"), (409, "Conflict"), (413, "Content Too Large")]
    )
    func keystoneTitles(code: Int, title: String) async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/status/\(code)", method: .get) { response in
                let body = try JSONValue(parsing: String(buffer: response.body))
                #expect(body["error"]?["title"] == .string(title))
                #expect(body["error"]?["code"] == .number(Double(code)))
            }
        }
    }

    @Test("A public error with a status that is no error answers 500")
    func nonErrorStatus() async throws {
        try await makeTestApplication(style: .keystone).test(.router) { client in
            try await client.execute(uri: "/status/200", method: .get) { response in
                #expect(response.status == .internalServerError)
            }
        }
    }
}
