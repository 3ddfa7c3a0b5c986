import Foundation
import KumoCore
import Testing

@testable import KumoBus

private struct Args: Codable, Sendable, Equatable {
    var name: String
    var count: Int
}

private struct NotFound: PublicError {
    var statusCode: Int { 404 }
    var publicMessage: String { "instance 42 not found" }
}

private struct Secret: Error, CustomStringConvertible {
    var description: String { "/var/lib/kumo/nova.sqlite: SQLITE_CORRUPT" }
}

private func jsonObject(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Suite("RPC version")
struct RPCVersionTests {
    @Test("parses major.minor")
    func parsesMajorMinor() throws {
        let version = try #require(RPCVersion(parsing: "1.2"))
        #expect(version.major == 1)
        #expect(version.minor == 2)
        #expect(version.description == "1.2")
        #expect(RPCVersion(parsing: "0.0") == RPCVersion(major: 0, minor: 0))
        #expect(RPCVersion(parsing: "10.15") == RPCVersion(major: 10, minor: 15))
    }

    @Test("rejects anything that is not two non-negative integers", arguments: ["1", "a.b", "-1.0", "1.-1", "1.2.3", "", ".", "1.", ".2", " 1.2"])
    func rejectsMalformed(_ text: String) {
        #expect(RPCVersion(parsing: text) == nil)
    }

    @Test("a receiver serves the same major at an equal or older minor only")
    func canServe() {
        let receiver: RPCVersion = "1.2"
        #expect(receiver.canServe("1.0"))
        #expect(receiver.canServe("1.2"))
        #expect(!receiver.canServe("1.3"))
        #expect(!receiver.canServe("2.0"))
        #expect(!receiver.canServe("0.1"))
    }

    @Test("versions order by major, then minor")
    func ordering() {
        #expect(RPCVersion("1.9") < RPCVersion("2.0"))
        #expect(RPCVersion("1.2") < RPCVersion("1.10"))
        #expect(!(RPCVersion("1.2") < RPCVersion("1.2")))
    }

    @Test("a version travels as a \"major.minor\" string and a malformed one fails to decode")
    func versionCoding() throws {
        let data = try JSONEncoder().encode(["version": RPCVersion("1.2")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"version":"1.2"}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: RPCVersion].self, from: Data(#"{"version":"1.2.3"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: RPCVersion].self, from: Data(#"{"version":1.2}"#.utf8))
        }
    }
}

@Suite("Envelopes")
struct EnvelopeTests {
    let context = OperationContext(
        requestID: "req-1", userID: "alice", projectID: "p1", roles: ["member", "reader"],
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")

    @Test("a request encodes with the wire field names")
    func requestWireNames() throws {
        let request = RequestEnvelope(method: "server.create", version: "1.2", context: context, args: Args(name: "vm", count: 2))
        let object = try jsonObject(try JSONEncoder().encode(request))
        #expect(Set(object.keys) == ["v", "method", "version", "context", "args"])
        #expect(object["v"] as? Int == 1)
        #expect(object["method"] as? String == "server.create")
        #expect(object["version"] as? String == "1.2")
        let wireContext = try #require(object["context"] as? [String: Any])
        #expect(Set(wireContext.keys) == ["request_id", "user_id", "project_id", "roles", "traceparent"])
        #expect(wireContext["request_id"] as? String == "req-1")
        #expect(wireContext["user_id"] as? String == "alice")
        #expect(wireContext["project_id"] as? String == "p1")
        #expect(wireContext["roles"] as? [String] == ["member", "reader"])
        #expect(wireContext["traceparent"] as? String == context.traceparent)
        let args = try #require(object["args"] as? [String: Any])
        #expect(args["name"] as? String == "vm")
        #expect(args["count"] as? Int == 2)
    }

    @Test("a request survives a JSON round trip")
    func requestRoundTrip() throws {
        let request = RequestEnvelope(method: "server.create", version: "1.2", context: context, args: Args(name: "vm", count: 2))
        let decoded = try JSONDecoder().decode(RequestEnvelope<Args>.self, from: JSONEncoder().encode(request))
        #expect(decoded.v == RequestEnvelope<Args>.format)
        #expect(decoded.method == "server.create")
        #expect(decoded.version == "1.2")
        #expect(decoded.context == context)
        #expect(decoded.args == Args(name: "vm", count: 2))
    }

    @Test("a request written by hand in the wire format decodes, header first")
    func requestFromWire() throws {
        let json = """
            {"v": 1, "method": "ping", "version": "1.0",
             "context": {"request_id": "req-9", "roles": []},
             "args": {"name": "x", "count": 3}}
            """
        let header = try JSONDecoder().decode(RequestHeader.self, from: Data(json.utf8))
        #expect(header.v == 1)
        #expect(header.method == "ping")
        #expect(header.version == "1.0")
        #expect(header.context == OperationContext(requestID: "req-9"))
        let request = try JSONDecoder().decode(RequestEnvelope<Args>.self, from: Data(json.utf8))
        #expect(request.args == Args(name: "x", count: 3))
    }

    @Test("a result reply round-trips and carries no error")
    func resultReplyRoundTrip() throws {
        let reply = ReplyEnvelope(result: Args(name: "done", count: 1))
        let data = try JSONEncoder().encode(reply)
        let object = try jsonObject(data)
        #expect(object["v"] as? Int == 1)
        #expect(object["error"] == nil)
        let decoded = try JSONDecoder().decode(ReplyEnvelope<Args>.self, from: data)
        #expect(decoded.result == Args(name: "done", count: 1))
        #expect(decoded.error == nil)
    }

    @Test("an error reply round-trips with kind, status and message")
    func errorReplyRoundTrip() throws {
        let body = RemoteErrorBody(kind: "NotFound", status: 404, message: "instance 42 not found")
        let data = try JSONEncoder().encode(ReplyEnvelope<Args>(error: body))
        let object = try jsonObject(data)
        #expect(object["result"] == nil)
        let wireError = try #require(object["error"] as? [String: Any])
        #expect(wireError["kind"] as? String == "NotFound")
        #expect(wireError["status"] as? Int == 404)
        #expect(wireError["message"] as? String == "instance 42 not found")
        let decoded = try JSONDecoder().decode(ReplyEnvelope<Args>.self, from: data)
        #expect(decoded.result == nil)
        #expect(decoded.error == body)
    }

    @Test("a public error keeps its status and message")
    func publicErrorKept() {
        let body = RemoteErrorBody(NotFound())
        #expect(body.kind == "NotFound")
        #expect(body.status == 404)
        #expect(body.message == "instance 42 not found")
    }

    @Test("a remote error is passed on unchanged")
    func remoteErrorPassedOn() {
        let body = RemoteErrorBody(RemoteError(kind: "Conflict", statusCode: 409, publicMessage: "busy"))
        #expect(body == RemoteErrorBody(kind: "Conflict", status: 409, message: "busy"))
    }

    @Test("any other error becomes an opaque internal error without its message")
    func plainErrorIsOpaque() {
        let body = RemoteErrorBody(Secret())
        #expect(body == RemoteErrorBody(kind: "InternalError", status: 500, message: "internal error"))
        #expect(!body.message.contains("sqlite"))
    }
}
