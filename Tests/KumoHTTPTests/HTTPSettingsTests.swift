import Hummingbird
import HummingbirdTesting
import KumoHTTP
import Logging
import Testing

@Suite("HTTP settings and application")
struct HTTPSettingsTests {
    @Test("Ports outside 0...65535 and blank addresses are refused")
    func validation() throws {
        #expect(throws: HTTPSettingsError.invalidPort(65536)) { try HTTPSettings(address: "127.0.0.1", port: 65536) }
        #expect(throws: HTTPSettingsError.invalidPort(-1)) { try HTTPSettings(address: "127.0.0.1", port: -1) }
        #expect(throws: HTTPSettingsError.invalidAddress("")) { try HTTPSettings(address: "", port: 5000) }
        #expect(throws: HTTPSettingsError.invalidAddress("a b")) { try HTTPSettings(address: "a b", port: 5000) }
        let settings = try HTTPSettings(address: "::1", port: 5000)
        #expect(settings.port == 5000)
    }

    @Test("The application listens where the settings say and names itself")
    func application() async throws {
        let router = Router(errorStyle: .keystone)
        router.get("ok") { _, _ in "fine" }
        let app = Application(
            router: router, settings: try HTTPSettings(address: "127.0.0.1", port: 0), serverName: "kumo-test",
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            try await client.execute(uri: "/ok", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.server] == "kumo-test")
                #expect(response.headers[.openStackRequestID] != nil)
            }
        }
    }
}
