import Foundation
import GRDB
import KumoRPC

/// A row of `flavors`; its extra specs live in `flavor_extra_specs`.
struct FlavorRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "flavors"
    var id: String
    var name: String
    var vcpus: Int
    var memoryMB: Int
    var rootGB: Int
    var ephemeralGB: Int
    var swapMB: Int
    var rxtxFactor: Double
    var isPublic: Bool
    var description: String?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, vcpus, description
        case memoryMB = "memory_mb"
        case rootGB = "root_gb"
        case ephemeralGB = "ephemeral_gb"
        case swapMB = "swap_mb"
        case rxtxFactor = "rxtx_factor"
        case isPublic = "is_public"
        case createdAt = "created_at"
    }

    /// The flavor as the scheduler and compute agents see it.
    func spec(extraSpecs: [String: String]) -> FlavorSpec {
        FlavorSpec(
            id: id, name: name, vcpus: vcpus, memoryMB: memoryMB, rootGB: rootGB, ephemeralGB: ephemeralGB,
            extraSpecs: extraSpecs)
    }
}

/// A flavor with its extra specs.
struct Flavor: Sendable, Equatable {
    var record: FlavorRecord
    var extraSpecs: [String: String]

    var spec: FlavorSpec { record.spec(extraSpecs: extraSpecs) }
}
