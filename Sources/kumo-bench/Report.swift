import Foundation

/// Summary statistics of a set of samples.
struct Samples {
    private let sorted: [Double]

    init(_ values: [Double]) {
        precondition(!values.isEmpty, "no samples")
        sorted = values.sorted()
    }

    var count: Int { sorted.count }
    var min: Double { sorted.first! }
    var max: Double { sorted.last! }
    var mean: Double { sorted.reduce(0, +) / Double(sorted.count) }
    var median: Double { percentile(50) }

    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}

/// Prints a Markdown table, ready to paste into docs/benchmarks.md.
func printTable(_ title: String, headers: [String], rows: [[String]]) {
    let widths = headers.indices.map { column in ([headers[column]] + rows.map { $0[column] }).map(\.count).max()! }
    func line(_ cells: [String]) -> String {
        "| " + zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print("\n### \(title)\n")
    print(line(headers))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    rows.forEach { print(line($0)) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
