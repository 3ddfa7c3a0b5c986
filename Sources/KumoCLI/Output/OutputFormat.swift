import ArgumentParser
import Foundation

/// `-f table|json`, as the openstack client has it.
public enum OutputFormat: String, ExpressibleByArgument, Sendable, CaseIterable {
    case table, json

    /// Prints `value` as JSON, or as `table()`.
    func print<Value: Encodable>(_ value: Value, table: () -> Table) throws {
        switch self {
        case .table:
            Swift.print(table().render())
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
        }
    }
}
