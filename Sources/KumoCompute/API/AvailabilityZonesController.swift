import Foundation
import Hummingbird
import KumoClient
import KumoHTTP
import KumoScheduler

/// `/os-availability-zone`: the zones of the compute hosts (available while one of its hosts is up and
/// enabled); `detail` (admin) lists each zone's hosts. `/os-aggregates` (admin) lists no host
/// aggregates: a host's zone is its own setting (`compute.availability_zone`), not an aggregate's.
struct AvailabilityZonesController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let zones = router.group("v2.1/os-availability-zone")
        zones.get { _, context in
            try AccessPolicy.authenticated(context)
            return JSONResponse(["availabilityZoneInfo": .array(try await self.zones(detailed: false))] as JSONValue)
        }
        zones.get("detail") { _, context in
            try AccessPolicy.admin(context)
            return JSONResponse(["availabilityZoneInfo": .array(try await self.zones(detailed: true))] as JSONValue)
        }
        router.get("v2.1/os-aggregates") { _, context in
            try AccessPolicy.admin(context)
            return JSONResponse(["aggregates": []] as JSONValue)
        }
    }

    private func zones(detailed: Bool) async throws -> [JSONValue] {
        let now = Date()
        let byZone = Dictionary(grouping: try await service.placement.providers(), by: \.availabilityZone)
        return byZone.keys.sorted().map { zone in
            let providers = byZone[zone]!
            let available = providers.contains { $0.enabled && $0.isUp(at: now, downAfterSeconds: service.settings.downAfterSeconds) }
            var hosts: JSONValue = .null
            if detailed {
                hosts = .object(
                    Dictionary(uniqueKeysWithValues: providers.map { provider in
                        (
                            provider.host,
                            [
                                "nova-compute": [
                                    "available": .bool(provider.isUp(at: now, downAfterSeconds: service.settings.downAfterSeconds)),
                                    "active": .bool(provider.enabled),
                                    "updated_at": .string(ComputeDates.micro(provider.lastReport)),
                                ]
                            ] as JSONValue
                        )
                    }))
            }
            return ["zoneName": .string(zone), "zoneState": ["available": .bool(available)], "hosts": hosts]
        }
    }
}
