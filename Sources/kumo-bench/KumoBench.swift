import ArgumentParser

/// `kumo-bench`: the benchmarks behind `make bench`; each prints a table.
@main
struct KumoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kumo-bench",
        abstract: "Kumo's benchmarks (run through `make bench`).",
        subcommands: [
            BusBenchmark.self, BootBenchmark.self, TokenBenchmark.self, IdentityLoadBenchmark.self, ObjectBenchmark.self,
            ImageBenchmark.self, ComputeBenchmark.self, SchedulerBenchmark.self,
        ])
}
