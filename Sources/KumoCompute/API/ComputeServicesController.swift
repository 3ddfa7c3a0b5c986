import Foundation
import Hummingbird
import KumoBus
import KumoClient
import KumoHTTP
import KumoRPC
import KumoScheduler

/// `/os-services` (admin): the compute control services and agents, from the monitor's heartbeats, with
/// each compute host's enabled flag from placement; disabling a host keeps the scheduler off it.
struct ComputeServicesController {
    let service: ComputeService

    /// Kumo's binaries under the names Nova's clients know.
    static let binaries = [
        "kumo-compute": "nova-compute", "kumo-scheduler": "nova-scheduler", "kumo-conductor": "nova-conductor",
        "kumo-compute-api": "nova-api",
    ]

    func register(on router: Router<KumoRequestContext>) {
        let services = router.group("v2.1/os-services")
        services.get { request, context in
            try AccessPolicy.admin(context)
            let query = request.uri.queryParameters
            let statuses = try await service.bus.call(
                MonitorAPI.list, .init(host: query["host"].map(String.init)), topic: MonitorAPI.topic,
                context: context.operationContext, timeout: .seconds(5))
            let providers = Dictionary(
                try await service.placement.providers().map { ($0.host, $0) }, uniquingKeysWith: { first, _ in first })
            let rows = statuses.services.compactMap { status -> JSONValue? in
                guard let binary = Self.binaries[status.binary] else { return nil }
                if let wanted = query["binary"], wanted != binary { return nil }
                let provider = binary == "nova-compute" ? providers[status.host] : nil
                return [
                    "id": .number(Double(status.id)), "binary": .string(binary), "host": .string(status.host),
                    "zone": .string(provider?.availabilityZone ?? "internal"),
                    "status": provider?.enabled == false ? "disabled" : "enabled", "state": .string(status.state),
                    "updated_at": .string(ComputeDates.micro(status.lastSeen)),
                    "disabled_reason": provider?.disabledReason.map(JSONValue.string) ?? .null,
                ]
            }
            return JSONResponse(["services": .array(rows)] as JSONValue)
        }
        for (path, enabled) in [("disable", false), ("disable-log-reason", false), ("enable", true)] {
            services.put(RouterPath(stringLiteral: path)) { request, context in
                try AccessPolicy.admin(context)
                let body = try await request.decodeJSON(as: JSONValue.self, context: context)
                guard let host = body["host"]?.string, let binary = body["binary"]?.string else {
                    throw APIError.badRequest("Invalid input: 'host' and 'binary' are required.")
                }
                guard binary == "nova-compute" else {
                    throw APIError.badRequest("Only nova-compute services can be enabled or disabled, not \(binary).")
                }
                let reason = path == "disable-log-reason" ? body["disabled_reason"]?.string : nil
                guard try await service.placement.setEnabled(host: host, enabled: enabled, reason: reason) else {
                    throw APIError.notFound("Host '\(host)' is not mapped to any cell")
                }
                var answer: [String: JSONValue] = [
                    "host": .string(host), "binary": .string(binary), "status": enabled ? "enabled" : "disabled",
                ]
                if let reason { answer["disabled_reason"] = .string(reason) }
                return JSONResponse(["service": .object(answer)] as JSONValue)
            }
        }
    }
}
