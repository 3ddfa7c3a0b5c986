import Foundation
import GRDB
import HTTPTypes
import KumoCore
import KumoHTTP
import KumoRPC
import KumoScheduler

/// The instances one `POST /servers` makes, once everything they need was found and checked.
struct ServerBuildPlan: Sendable {
    var request: ServerCreateRequest
    var credentials: Credentials
    var flavor: Flavor
    var image: ImageSpec
    var keypair: KeypairRecord?
    var group: ServerGroupRecord?

    /// Finds the flavor, image (with the caller's token), key pair and server group, and checks that the
    /// flavor fits the image and the zone exists: 400 with Nova's message otherwise.
    static func make(
        _ request: ServerCreateRequest, credentials: Credentials, token: String, service: ComputeService
    ) async throws -> ServerBuildPlan {
        let flavor: Flavor
        do {
            flavor = try await service.store.flavor(request.flavorRef)
        } catch let error as APIError where error.status == .notFound {
            throw APIError.badRequest("Flavor \(request.flavorRef) could not be found.")
        }
        let image = try await service.images.image(request.imageRef, token: token)
        try checkFits(flavor: flavor.record, image: image)
        var keypair: KeypairRecord?
        if let name = request.keyName {
            do {
                keypair = try await service.store.keypair(name, userID: credentials.userID)
            } catch let error as APIError where error.status == .notFound {
                throw APIError.badRequest("Invalid key_name provided.")
            }
        }
        var group: ServerGroupRecord?
        if let id = request.groupID {
            do {
                group = try await service.store.serverGroup(id, by: credentials)
            } catch let error as APIError where error.status == .notFound {
                throw APIError.badRequest("Invalid server group \(id): it could not be found.")
            }
        }
        if let zone = request.availabilityZone {
            let zones = try await service.placement.providers().map(\.availabilityZone)
            guard zones.contains(zone) else {
                throw APIError.badRequest("The requested availability zone is not available: \(zone)")
            }
        }
        return ServerBuildPlan(
            request: request, credentials: credentials, flavor: flavor, image: image, keypair: keypair, group: group)
    }

    /// Nova's `FlavorMemoryTooSmall` and `FlavorDiskTooSmall`.
    static func checkFits(flavor: FlavorRecord, image: ImageSpec) throws {
        if image.minRAMMB > flavor.memoryMB {
            throw APIError.badRequest(
                "Flavor's memory is too small for requested image: the flavor has \(flavor.memoryMB) MiB, the image needs \(image.minRAMMB) MiB.")
        }
        guard flavor.rootGB > 0 else { return }
        let rootBytes = flavor.rootGB << 30
        if image.minDiskGB > flavor.rootGB || (image.size ?? 0) > rootBytes {
            throw APIError.badRequest(
                "Flavor's disk is too small for requested image. Flavor disk is \(rootBytes) bytes, image is \(max(image.size ?? 0, image.minDiskGB << 30)) bytes.")
        }
    }

    /// Stores `maxCount` instances, or as many down to `minCount` as the quota allows.
    func store(in store: ComputeStore, requestID: String) async throws -> [InstanceRecord] {
        var count = request.maxCount
        while true {
            let records = instances(count: count)
            do {
                try await store.create(records, requestID: requestID)
                return records
            } catch let error as APIError where error.status == .forbidden && count > request.minCount {
                count -= 1
            }
        }
    }

    private func instances(count: Int) -> [InstanceRecord] {
        let now = Date()
        let reservation = "r-" + String(UUID().uuidString.lowercased().prefix(8))
        return (0..<count).map { index in
            let uuid = UUID().uuidString.lowercased()
            let name = count == 1 ? request.name : "\(request.name)-\(index + 1)"
            let spec = InstanceSpec(
                uuid: uuid, name: name, hostname: Self.hostname(name), projectID: credentials.projectID ?? "",
                userID: credentials.userID, flavor: flavor.spec, image: image, userData: request.userData,
                metadata: request.metadata, keyName: keypair?.name, publicKey: keypair?.publicKey,
                availabilityZone: request.availabilityZone,
                serverGroup: group.map { ServerGroupSpec(id: $0.id, policy: $0.policy) })
            return InstanceRecord(
                uuid: uuid, name: name, projectID: spec.projectID, userID: spec.userID, host: nil, vmState: .building,
                taskState: .scheduling, powerState: .noState, vcpus: flavor.record.vcpus, memoryMB: flavor.record.memoryMB,
                serverGroupID: group?.id, reservationID: reservation, launchIndex: index, spec: Stored(spec), fault: nil,
                createdAt: now, updatedAt: now, launchedAt: nil, deletedAt: nil, deleted: false)
        }
    }

    /// A DNS label from a display name: lower case letters, digits and dashes, at most 63.
    static func hostname(_ name: String) -> String {
        let mapped = name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        let trimmed = String(mapped).split(separator: "-").joined(separator: "-")
        return trimmed.isEmpty ? "server" : String(trimmed.prefix(63))
    }
}
