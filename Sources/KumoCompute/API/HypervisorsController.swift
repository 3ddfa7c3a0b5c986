import Foundation
import Hummingbird
import KumoClient
import KumoHTTP
import KumoScheduler

/// `/os-hypervisors` (admin): each compute host's hypervisor and its resources, from the placement
/// database the agents' reports keep.
struct HypervisorsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let hypervisors = router.group("v2.1/os-hypervisors")
        hypervisors.get { _, context in
            try AccessPolicy.admin(context)
            let providers = try await service.placement.providers()
            return JSONResponse(["hypervisors": .array(providers.map { summary($0, now: Date()) })] as JSONValue)
        }
        hypervisors.get("detail") { _, context in
            try AccessPolicy.admin(context)
            let providers = try await service.placement.providers()
            return JSONResponse(["hypervisors": .array(providers.map { detail($0, now: Date()) })] as JSONValue)
        }
        hypervisors.get("statistics") { _, context in
            try AccessPolicy.admin(context)
            return JSONResponse(["hypervisor_statistics": Self.statistics(try await service.placement.providers())] as JSONValue)
        }
        hypervisors.get(":id") { _, context in
            try AccessPolicy.admin(context)
            return JSONResponse(["hypervisor": detail(try await provider(context), now: Date())] as JSONValue)
        }
        hypervisors.get(":id/uptime") { _, context in
            try AccessPolicy.admin(context)
            let provider = try await provider(context)
            var body = summary(provider, now: Date()).object ?? [:]
            body["uptime"] = .string(provider.uptime)
            return JSONResponse(["hypervisor": .object(body)] as JSONValue)
        }
    }

    private var downAfter: Int { service.settings.downAfterSeconds }

    /// The hypervisor the path's `id` names, else 404.
    private func provider(_ context: KumoRequestContext) async throws -> ResourceProvider {
        let id = try context.parameters.require("id")
        guard let provider = try await service.placement.providers().first(where: { String($0.id) == id }) else {
            throw APIError.notFound("Hypervisor with ID \(id) could not be found.")
        }
        return provider
    }

    private func summary(_ provider: ResourceProvider, now: Date) -> JSONValue {
        [
            "id": .number(Double(provider.id)), "hypervisor_hostname": .string(provider.host),
            "state": provider.isUp(at: now, downAfterSeconds: downAfter) ? "up" : "down",
            "status": provider.enabled ? "enabled" : "disabled",
        ]
    }

    /// Nova's 2.1 hypervisor, plus Kumo's `virt_type` and why it was chosen.
    private func detail(_ provider: ResourceProvider, now: Date) -> JSONValue {
        var body = summary(provider, now: now).object ?? [:]
        let cpuInfo = (try? String(decoding: JSONResponse.encode(["arch": .string(provider.cpuArchitecture)] as JSONValue), as: UTF8.self)) ?? "{}"
        let fields: [String: JSONValue] = [
            "hypervisor_type": .string(provider.hypervisorType),
            "hypervisor_version": .number(Double(provider.hypervisorVersion)),
            "host_ip": .string(provider.hostIP),
            "cpu_info": .string(cpuInfo),
            "vcpus": .number(Double(provider.vcpus.total)),
            "vcpus_used": .number(Double(provider.vcpus.used)),
            "memory_mb": .number(Double(provider.memoryMB.total)),
            "memory_mb_used": .number(Double(provider.memoryMB.used + provider.memoryMB.reserved)),
            "free_ram_mb": .number(Double(provider.memoryMB.total - provider.memoryMB.reserved - provider.memoryMB.used)),
            "local_gb": .number(Double(provider.diskGB.total)),
            "local_gb_used": .number(Double(provider.diskGB.used + provider.diskGB.reserved)),
            "free_disk_gb": .number(Double(provider.diskGB.total - provider.diskGB.reserved - provider.diskGB.used)),
            "disk_available_least": .number(Double(provider.diskGB.free)),
            "running_vms": .number(Double(provider.allocationCount)),
            "current_workload": 0,
            "service": [
                "host": .string(provider.host), "id": .number(Double(provider.id)),
                "disabled_reason": provider.disabledReason.map(JSONValue.string) ?? .null,
            ],
            "virt_type": .string(provider.virtType),
            "virt_type_reason": .string(provider.virtTypeReason),
        ]
        body.merge(fields) { $1 }
        return .object(body)
    }

    static func statistics(_ providers: [ResourceProvider]) -> JSONValue {
        func sum(_ value: (ResourceProvider) -> Int) -> JSONValue { .number(Double(providers.map(value).reduce(0, +))) }
        return [
            "count": .number(Double(providers.count)), "current_workload": 0,
            "vcpus": sum { $0.vcpus.total }, "vcpus_used": sum { $0.vcpus.used },
            "memory_mb": sum { $0.memoryMB.total }, "memory_mb_used": sum { $0.memoryMB.used + $0.memoryMB.reserved },
            "free_ram_mb": sum { $0.memoryMB.total - $0.memoryMB.reserved - $0.memoryMB.used },
            "local_gb": sum { $0.diskGB.total }, "local_gb_used": sum { $0.diskGB.used + $0.diskGB.reserved },
            "free_disk_gb": sum { $0.diskGB.total - $0.diskGB.reserved - $0.diskGB.used },
            "disk_available_least": sum { $0.diskGB.free }, "running_vms": sum { $0.allocationCount },
        ]
    }
}
