import Foundation
import KumoBus
import KumoRPC
import KumoRuntime
import ServiceLifecycle

/// The monitor: records every service's heartbeats and answers `service.list` (`kumo service list`).
public enum MonitorServices {
    public static let binary = "kumo-monitor"

    /// The monitor's services: the heartbeat listener, the list server and its own heartbeat.
    public static func make(_ environment: ServiceEnvironment) throws -> [any Service] {
        let store = try MonitorStore(path: try environment.stateDirectory(for: "monitor") + "/monitor.sqlite")
        let downAfter = environment.settings.downAfter
        var heartbeats = RPCDispatcher()
        heartbeats.register(MonitorAPI.heartbeat) { heartbeat, _ in
            try await store.record(heartbeat, receivedAt: Date())
            return Empty()
        }
        var calls = RPCDispatcher()
        calls.register(MonitorAPI.list) { request, _ in
            MonitorAPI.ServiceList(services: try await store.list(request, now: Date(), downAfter: downAfter))
        }
        let logger = environment.logger
        return [
            RPCServer(
                bus: environment.bus, binding: .fanout(MonitorAPI.heartbeatGroup), dispatcher: heartbeats, logger: logger),
            RPCServer(bus: environment.bus, binding: .topic(MonitorAPI.topic), dispatcher: calls, logger: logger),
            HeartbeatReporter(environment: environment, binary: binary, topic: MonitorAPI.topic),
        ]
    }
}
