import Foundation
import KumoCore
import Testing

@testable import KumoBus

private struct Sum: Codable, Sendable, Equatable {
    var a: Int
    var b: Int
}

private struct Total: Codable, Sendable, Equatable {
    var value: Int
    var requestID: String
}

private struct Conflict: PublicError {
    var statusCode: Int { 409 }
    var publicMessage: String { "instance 7 is busy" }
}

private struct Hidden: Error {}

private enum Methods {
    static let add = RPCMethod<Sum, Total>("math.add", version: "1.2")
    static let fail = RPCMethod<Empty, Empty>("math.fail", version: "1.0")
    static let crash = RPCMethod<Empty, Empty>("math.crash", version: "1.0")
}

@Suite("RPC dispatcher")
struct RPCDispatcherTests {
    let dispatcher: RPCDispatcher = {
        var dispatcher = RPCDispatcher()
        dispatcher.register(Methods.add) { sum, context in Total(value: sum.a + sum.b, requestID: context.requestID) }
        dispatcher.register(Methods.fail) { _, _ in throw Conflict() }
        dispatcher.register(Methods.crash) { _, _ in throw Hidden() }
        return dispatcher
    }()

    func body<Arguments: Codable & Sendable>(
        _ method: String, _ version: RPCVersion, _ args: Arguments, requestID: String = "req-test"
    ) throws -> [UInt8] {
        Array(try JSONEncoder().encode(
            RequestEnvelope(method: method, version: version, context: OperationContext(requestID: requestID), args: args)))
    }

    func reply<Result: Decodable>(_ outcome: RPCDispatcher.Outcome, as: Result.Type) throws -> ReplyEnvelope<Result> {
        try JSONDecoder().decode(ReplyEnvelope<Result>.self, from: Data(outcome.reply))
    }

    @Test("dispatch runs the typed handler and replies with its result")
    func runsHandler() async throws {
        let outcome = await dispatcher.dispatch(try body("math.add", "1.2", Sum(a: 2, b: 3), requestID: "req-42"))
        #expect(outcome.error == nil)
        #expect(outcome.header?.method == "math.add")
        #expect(outcome.header?.context.requestID == "req-42")
        let decoded = try reply(outcome, as: Total.self)
        #expect(decoded.error == nil)
        #expect(decoded.result == Total(value: 5, requestID: "req-42"))
    }

    @Test("a request at an older minor of the same major is served")
    func olderMinorServed() async throws {
        let outcome = await dispatcher.dispatch(try body("math.add", "1.0", Sum(a: 1, b: 1)))
        #expect(outcome.error == nil)
        #expect(try reply(outcome, as: Total.self).result?.value == 2)
    }

    @Test("an unknown method gets an error reply naming method and version")
    func unknownMethod() async throws {
        let outcome = await dispatcher.dispatch(try body("math.divide", "1.0", Sum(a: 1, b: 1)))
        let error = try #require(try reply(outcome, as: Total.self).error)
        #expect(outcome.error == error)
        #expect(error.message.contains("math.divide"))
        #expect(error.message.contains("1.0"))
        #expect(error.status == 500)
    }

    @Test("a newer minor or another major gets an error reply naming method and version",
          arguments: ["1.3", "2.0", "0.9"] as [RPCVersion])
    func unsupportedVersion(_ version: RPCVersion) async throws {
        let outcome = await dispatcher.dispatch(try body("math.add", version, Sum(a: 1, b: 1)))
        let decoded = try reply(outcome, as: Total.self)
        #expect(decoded.result == nil)
        let error = try #require(decoded.error)
        #expect(error.message.contains("math.add"))
        #expect(error.message.contains("\(version)"))
        #expect(error == RemoteErrorBody(BusError.unsupported(method: "math.add", version: "\(version)")))
    }

    @Test("malformed JSON gets an error reply, without a header",
          arguments: ["", "not json", "{", #"{"v": 1}"#, "[1, 2]", #"{"v":1,"method":"math.add","version":"1.2.3","context":{"request_id":"r","roles":[]},"args":{}}"#])
    func malformedJSON(_ text: String) async throws {
        let outcome = await dispatcher.dispatch(Array(text.utf8))
        #expect(outcome.header == nil)
        let error = try #require(try reply(outcome, as: Empty.self).error)
        #expect(outcome.error == error)
        #expect(error.status == 500)
    }

    @Test("arguments of the wrong shape get an error reply")
    func wrongArguments() async throws {
        let outcome = await dispatcher.dispatch(try body("math.add", "1.2", ["a": "one"]))
        #expect(outcome.header?.method == "math.add")
        let error = try #require(try reply(outcome, as: Total.self).error)
        #expect(error.status == 500)
    }

    @Test("an unknown envelope format gets an error reply naming it", arguments: [0, 2])
    func unknownFormat(_ format: Int) async throws {
        var request = RequestEnvelope(method: "math.add", version: "1.2", context: OperationContext(), args: Sum(a: 1, b: 2))
        request.v = format
        let outcome = await dispatcher.dispatch(Array(try JSONEncoder().encode(request)))
        #expect(outcome.header == nil)
        let error = try #require(try reply(outcome, as: Total.self).error)
        #expect(error.message.contains("format \(format)"))
    }

    @Test("a handler throwing a public error keeps its status and message")
    func publicErrorKept() async throws {
        let outcome = await dispatcher.dispatch(try body("math.fail", "1.0", Empty()))
        #expect(outcome.header?.method == "math.fail")
        let error = try #require(try reply(outcome, as: Empty.self).error)
        #expect(error == RemoteErrorBody(kind: "Conflict", status: 409, message: "instance 7 is busy"))
    }

    @Test("a handler throwing any other error replies with an opaque internal error")
    func otherErrorOpaque() async throws {
        let outcome = await dispatcher.dispatch(try body("math.crash", "1.0", Empty()))
        let error = try #require(try reply(outcome, as: Empty.self).error)
        #expect(error == RemoteErrorBody(kind: "InternalError", status: 500, message: "internal error"))
    }

    @Test("registering a method again replaces its handler and version")
    func reRegisterReplaces() async throws {
        var dispatcher = self.dispatcher
        dispatcher.register(RPCMethod<Sum, Total>("math.add", version: "1.4")) { sum, _ in Total(value: sum.a * sum.b, requestID: "") }
        let outcome = await dispatcher.dispatch(try body("math.add", "1.4", Sum(a: 2, b: 3)))
        #expect(try reply(outcome, as: Total.self).result?.value == 6)
    }
}
