import Foundation
import KumoBus
import KumoRPC
import Logging
import ServiceLifecycle

/// Tells the monitors a service is alive: a heartbeat at start, then every report interval.
public struct HeartbeatReporter: Service {
    let bus: Bus
    let binary: String
    let host: String
    let topic: String?
    let interval: Duration
    let logger: Logger

    public init(environment: ServiceEnvironment, binary: String, topic: String? = nil) {
        self.bus = environment.bus
        self.binary = binary
        self.host = environment.settings.host
        self.topic = topic
        self.interval = environment.settings.reportInterval
        self.logger = environment.logger
    }

    public func run() async throws {
        let startedAt = Date()
        let pid = ProcessInfo.processInfo.processIdentifier
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let heartbeat = MonitorAPI.Heartbeat(
                binary: binary, host: host, topic: topic, pid: pid, startedAt: startedAt, sentAt: Date())
            do {
                try await bus.fanout(MonitorAPI.heartbeat, heartbeat, group: MonitorAPI.heartbeatGroup)
            } catch {
                logger.warning("cannot send heartbeat", metadata: ["service": "\(binary)", "error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
