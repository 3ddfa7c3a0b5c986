import Foundation
import KumoBus

/// The bus contract of the monitor: services report heartbeats to it, and it lists them.
public enum MonitorAPI {
    /// Topic of the monitor's calls (`service.list`).
    public static let topic = "monitor"
    /// Fanout group heartbeats go to, so every monitor sees every service.
    public static let heartbeatGroup = "heartbeats"

    public static let heartbeat = RPCMethod<Heartbeat, Empty>("service.heartbeat", version: "1.0")
    public static let list = RPCMethod<ListRequest, ServiceList>("service.list", version: "1.0")

    /// "I am alive": sent by every service every `services.report_interval_seconds`.
    public struct Heartbeat: Codable, Sendable, Equatable {
        /// The service's name (`kumo-monitor`, `kumo-compute` …), like Nova's binary.
        public var binary: String
        public var host: String
        /// The topic the service consumes, if any.
        public var topic: String?
        public var pid: Int32
        public var startedAt: Date
        public var sentAt: Date

        public init(binary: String, host: String, topic: String?, pid: Int32, startedAt: Date, sentAt: Date) {
            self.binary = binary
            self.host = host
            self.topic = topic
            self.pid = pid
            self.startedAt = startedAt
            self.sentAt = sentAt
        }
    }

    public struct ListRequest: Codable, Sendable, Equatable {
        public var binary: String?
        public var host: String?

        public init(binary: String? = nil, host: String? = nil) {
            self.binary = binary
            self.host = host
        }
    }

    /// One service as the monitor sees it.
    public struct ServiceStatus: Codable, Sendable, Equatable {
        public var id: Int64
        public var binary: String
        public var host: String
        public var topic: String?
        /// `up` when a heartbeat arrived within the down time, else `down`.
        public var state: String
        public var lastSeen: Date
        /// Seconds since the last heartbeat, when the list was made.
        public var ageSeconds: Double
        public var startedAt: Date

        public init(
            id: Int64, binary: String, host: String, topic: String?, state: String, lastSeen: Date,
            ageSeconds: Double, startedAt: Date
        ) {
            self.id = id
            self.binary = binary
            self.host = host
            self.topic = topic
            self.state = state
            self.lastSeen = lastSeen
            self.ageSeconds = ageSeconds
            self.startedAt = startedAt
        }
    }

    public struct ServiceList: Codable, Sendable, Equatable {
        public var services: [ServiceStatus]

        public init(services: [ServiceStatus]) {
            self.services = services
        }
    }
}
