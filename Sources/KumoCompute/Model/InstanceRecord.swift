import Foundation
import GRDB
import KumoRPC

/// A row of `instances`: the instance's state, where it runs, and the spec it was built from (JSON).
struct InstanceRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "instances"
    var uuid: String
    var name: String
    var projectID: String
    var userID: String
    var host: String?
    var vmState: VMState
    var taskState: TaskState
    var powerState: PowerState
    var vcpus: Int
    var memoryMB: Int
    var serverGroupID: String?
    var reservationID: String
    var launchIndex: Int
    var spec: Stored<InstanceSpec>
    var fault: Stored<InstanceFault>?
    var createdAt: Date
    var updatedAt: Date
    var launchedAt: Date?
    var deletedAt: Date?
    var deleted: Bool

    enum CodingKeys: String, CodingKey {
        case uuid, name, host, spec, fault, deleted
        case projectID = "project_id"
        case userID = "user_id"
        case vmState = "vm_state"
        case taskState = "task_state"
        case powerState = "power_state"
        case vcpus
        case memoryMB = "memory_mb"
        case serverGroupID = "server_group_id"
        case reservationID = "reservation_id"
        case launchIndex = "launch_index"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case launchedAt = "launched_at"
        case deletedAt = "deleted_at"
    }
}

/// Why an instance is in ERROR, as the API shows it under `fault`.
struct InstanceFault: Codable, Sendable, Equatable {
    var code: Int
    var message: String
    var details: String?
    var created: Date
}

/// A Codable value kept as JSON text in one column.
struct Stored<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable, DatabaseValueConvertible {
    var value: Value

    init(_ value: Value) { self.value = value }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        value = try Self.decoder.decode(Value.self, from: Data(text.utf8))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(decoding: try Self.encoder.encode(value), as: UTF8.self))
    }

    var databaseValue: DatabaseValue {
        (try? String(decoding: Self.encoder.encode(value), as: UTF8.self))?.databaseValue ?? .null
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Stored? {
        guard let text = String.fromDatabaseValue(dbValue),
            let value = try? decoder.decode(Value.self, from: Data(text.utf8))
        else { return nil }
        return Stored(value)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
