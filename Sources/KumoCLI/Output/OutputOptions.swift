import ArgumentParser
import KumoClient

/// `-f table|json`, shared by every command that prints a result.
public struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .long], help: "Output format: table or json.")
    var format: OutputFormat = .table

    public init() {}

    /// Prints one resource as a Field | Value table, or as a JSON object.
    func show(_ object: [String: JSONValue]) throws {
        try format.print(object) { Table(object: object) }
    }

    /// Prints resources as a table of `columns` (header, key), or as a JSON array of whole objects.
    func list(_ objects: [[String: JSONValue]], columns: [(header: String, key: String)]) throws {
        try format.print(objects) {
            Table(
                headers: columns.map(\.header),
                rows: objects.map { object in columns.map { object[$0.key]?.cellText ?? "" } })
        }
    }
}
