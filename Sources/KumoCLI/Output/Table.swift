import KumoClient

/// A plain text table in the style of `openstack … list`; a cell may span several lines.
public struct Table: Sendable {
    public let headers: [String]
    public let rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// A Field | Value table, as `openstack … show` prints one resource.
    public init(fields: [(String, String)]) {
        self.init(headers: ["Field", "Value"], rows: fields.map { [$0.0, $0.1] })
    }

    /// The fields of a resource in key order.
    public init(object: [String: JSONValue]) {
        self.init(fields: object.sorted { $0.key < $1.key }.map { ($0.key, $0.value.cellText) })
    }

    public func render() -> String {
        let lines = rows.map { row in
            row.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        }
        let widths = headers.indices.map { column in
            ([headers[column]] + lines.flatMap { $0[column] }).map(\.count).max() ?? 0
        }
        let border = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        func line(_ cells: [String]) -> String {
            "| "
                + zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                .joined(separator: " | ") + " |"
        }
        let body = lines.flatMap { row in
            let height = row.map(\.count).max() ?? 1
            return (0..<height).map { index in line(row.map { index < $0.count ? $0[index] : "" }) }
        }
        return ([border, line(headers), border] + body + [border]).joined(separator: "\n")
    }
}
