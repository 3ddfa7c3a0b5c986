import Crypto
import KumoCore
import KumoRuntime

/// The Linux bridge a host's guests are plugged into until networking exists: no uplink, no address,
/// so guests of one host see each other and nothing else.
public struct HostBridge: Sendable, Equatable {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    /// `kbr-` and 8 hex digits of the SHA-256 of the host name: 12 characters, within Linux's 15.
    public init(host: String) {
        name = "kbr-" + SHA256.hash(data: Array(host.utf8)).prefix(4).lowercaseHex
    }

    /// Creates the bridge if it is missing and sets it up; harmless when it exists.
    public func ensure() async throws {
        if (try? await ProcessRunner.run(["ip", "link", "show", "dev", name])) == nil {
            do {
                try await ProcessRunner.run(["ip", "link", "add", "name", name, "type", "bridge"])
            } catch {
                // Another caller may have created it meanwhile.
                guard (try? await ProcessRunner.run(["ip", "link", "show", "dev", name])) != nil else { throw error }
            }
        }
        try await ProcessRunner.run(["ip", "link", "set", "dev", name, "up"])
    }
}
