import Foundation
import KumoBus
import Logging

/// What a service module needs to build its services: settings, a logger, the bus and its state directory.
public struct ServiceEnvironment: Sendable {
    public let settings: KumoSettings
    public let logger: Logger
    public let bus: Bus

    public init(settings: KumoSettings, logger: Logger, bus: Bus) {
        self.settings = settings
        self.logger = logger
        self.bus = bus
    }

    /// `<state_dir>/<name>`, created if missing: the service's own files (its SQLite database…).
    public func stateDirectory(for name: String) throws -> String {
        let path = "\(settings.stateDirectory)/\(name)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
