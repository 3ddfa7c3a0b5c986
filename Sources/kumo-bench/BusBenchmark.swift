import ArgumentParser

/// RPC round trip, call throughput and cast throughput against a real broker.
struct BusBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bus", abstract: "Bus RPC benchmarks.")

    func run() async throws {}
}
