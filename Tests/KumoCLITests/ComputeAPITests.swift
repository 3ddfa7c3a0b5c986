import Foundation
import KumoClient
import NIOHTTP1
import Synchronization
import Testing

@testable import KumoCLI

@Suite("The Compute API client against a stub server")
struct ComputeAPITests {
    static let notFound = #"{"itemNotFound": {"code": 404, "message": "Instance nope could not be found."}}"#

    /// A stub of `/v2.1` holding two servers named `web` and one `db` that is ACTIVE, then PAUSED once paused.
    static func compute(_ request: StubHTTPServer.Request, paused: Bool) -> (status: Int, body: String) {
        switch (request.method, request.uri) {
        case ("GET", "/v2.1/servers/detail?name=web"):
            return (200, #"{"servers": [{"id": "s1", "name": "web"}, {"id": "s2", "name": "web"}]}"#)
        case ("GET", "/v2.1/servers/detail?name=db"):
            return (200, #"{"servers": [{"id": "s3", "name": "db"}, {"id": "s4", "name": "db-1"}]}"#)
        case ("GET", "/v2.1/servers/s3"):
            let status = paused ? "PAUSED" : "ACTIVE"
            return (
                200, #"{"server": {"id": "s3", "name": "db", "status": "\#(status)", "OS-EXT-STS:task_state": null}}"#
            )
        case ("POST", "/v2.1/servers/s3/action") where request.json?["os-getConsoleOutput"] != nil:
            return (200, #"{"output": "boot\nlogin: "}"#)
        case ("POST", "/v2.1/servers/s3/action") where request.json == ["unpause": .null]:
            let message = "Cannot 'unpause' instance s3 while it is in vm_state active"
            return (409, #"{"conflictingRequest": {"code": 409, "message": "\#(message)"}}"#)
        case ("POST", "/v2.1/servers/s3/action"):
            return (202, "")
        case ("PUT", "/v2.1/os-services/disable-log-reason"):
            return (200, #"{"service": {"host": "host1", "binary": "nova-compute", "status": "disabled"}}"#)
        case ("GET", let uri) where uri.hasPrefix("/v2.1/servers/detail?name="):
            return (200, #"{"servers": []}"#)
        default:
            return (404, notFound)
        }
    }

    @Test("every request carries the token and both microversion headers")
    func headers() async throws {
        try await StubHTTPServer.with(answer: { Self.compute($0, paused: false) }) { server in
            let id = try await server.withCloud { try await ComputeAPI($0).serverID("db") }
            #expect(id == "s3")
            let request = try #require(server.requests.first)
            #expect(request.headers["X-Auth-Token"] == ["tok"])
            #expect(request.headers["OpenStack-API-Version"] == ["compute 2.1"])
            #expect(request.headers["X-OpenStack-Nova-API-Version"] == ["2.1"])
        }
    }

    @Test("a name two servers have is refused; an unknown one is a readable 404")
    func resolution() async throws {
        try await StubHTTPServer.with(answer: { Self.compute($0, paused: false) }) { server in
            try await server.withCloud { cloud in
                let compute = try ComputeAPI(cloud)
                await #expect {
                    try await compute.serverID("web")
                } throws: { "\($0)" == "More than one server exists with the name 'web'; give its ID." }
                await #expect {
                    try await compute.serverID("nope")
                } throws: { "\($0)" == "No server with a name or ID of 'nope' exists. (HTTP 404)" }
            }
            #expect(server.requests.map(\.uri).suffix(2) == ["/v2.1/servers/detail?name=nope", "/v2.1/servers/nope"])
        }
    }

    @Test("an action is POSTed with Nova's body and waited for; a refused one reads Nova's message")
    func action() async throws {
        let paused = Mutex(false)
        let answer: StubHTTPServer.Answer = { request in
            if request.json == ["pause": .null] { paused.withLock { $0 = true } }
            return Self.compute(request, paused: paused.withLock { $0 })
        }
        try await StubHTTPServer.with(answer: answer) { server in
            try await server.withCloud { cloud in
                let compute = try ComputeAPI(cloud)
                try await compute.perform(Pause.body, on: ["db"], settlingIn: Pause.settledStatus)
                await #expect {
                    try await compute.perform(Unpause.body, on: ["s3"], settlingIn: nil)
                } throws: {
                    "\($0)" == "Cannot 'unpause' instance s3 while it is in vm_state active (HTTP 409)"
                }
            }
            let pause = try #require(server.requests.first { $0.method == "POST" })
            #expect(pause.uri == "/v2.1/servers/s3/action" && pause.body == #"{"pause":null}"#)
            #expect(server.requests.last { $0.method == "GET" }?.uri == "/v2.1/servers/s3")
        }
    }

    @Test("the console is asked for by length; services are disabled the 2.1 way, with the reason")
    func consoleAndServices() async throws {
        try await StubHTTPServer.with(answer: { Self.compute($0, paused: false) }) { server in
            try await server.withCloud { cloud in
                let compute = try ComputeAPI(cloud)
                #expect(try await compute.consoleOutput("s3", lines: 5) == "boot\nlogin: ")
                try await compute.setService(host: "host1", binary: "nova-compute", enabled: false, reason: "disk")
            }
            #expect(server.requests[0].json == ["os-getConsoleOutput": ["length": 5]])
            #expect(server.requests[1].method == "PUT")
            #expect(server.requests[1].uri == "/v2.1/os-services/disable-log-reason")
            #expect(server.requests[1].json == ["host": "host1", "binary": "nova-compute", "disabled_reason": "disk"])
        }
    }
}
