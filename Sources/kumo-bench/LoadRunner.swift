import Foundation

/// Closed-loop load: `concurrency` workers call an operation back to back, for a duration or until
/// a number of operations is done; latencies and errors are collected.
enum LoadRunner {
    struct Outcome {
        var latencies: [Double]
        var errors: Int
        var elapsed: Double

        var opsPerSecond: Double { Double(latencies.count) / elapsed }

        /// phase | ops | errors | ops/s | p50 ms | p99 ms
        func row(phase: String) -> [String] {
            guard !latencies.isEmpty else { return [phase, "0", String(errors), "-", "-", "-"] }
            let samples = Samples(latencies)
            return [
                phase, String(latencies.count), String(errors), String(format: "%.0f", opsPerSecond),
                String(format: "%.2f", samples.median * 1000), String(format: "%.2f", samples.percentile(99) * 1000),
            ]
        }

        /// server | phase | size | conc | ops/s | MiB/s | p50 ms | p99 ms | server CPU ms/op
        func row(server: String, phase: String, size: Int, concurrency: Int, cpu: Double) -> [String] {
            guard !latencies.isEmpty else { return [server, phase, "\(size)", "\(concurrency)", "0", "-", "-", "-", "-"] }
            let samples = Samples(latencies)
            let sizeText = size >= 1 << 20 ? "\(size >> 20) MiB" : "\(size >> 10) KiB"
            return [
                server, phase + (errors > 0 ? " (\(errors) errors)" : ""), sizeText, String(concurrency),
                String(format: "%.0f", opsPerSecond),
                phase == "DELETE" ? "-" : String(format: "%.1f", opsPerSecond * Double(size) / 1_048_576),
                String(format: "%.1f", samples.median * 1000), String(format: "%.1f", samples.percentile(99) * 1000),
                cpu > 0 ? String(format: "%.2f", cpu * 1000 / Double(latencies.count)) : "-",
            ]
        }
    }

    /// Runs for `duration` seconds; the operation gets a running index.
    static func run(
        concurrency: Int, duration: Double, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Outcome {
        let end = ContinuousClock.now + .seconds(duration)
        return await run(concurrency: concurrency, next: { $0 < Int.max && ContinuousClock.now < end }, operation)
    }

    /// Runs until operations 0..<count are done, each once.
    static func run(
        concurrency: Int, count: Int, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Outcome {
        await run(concurrency: concurrency, next: { $0 < count }, operation)
    }

    private static func run(
        concurrency: Int, next: @escaping @Sendable (Int) -> Bool, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var index = worker
                    while next(index) {
                        let began = clock.now
                        do {
                            try await operation(index)
                            latencies.append((clock.now - began).seconds)
                        } catch {
                            errors += 1
                        }
                        index += concurrency
                    }
                    return (latencies, errors)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for await (latencies, errors) in group {
                all.0 += latencies
                all.1 += errors
            }
            return all
        }
        return Outcome(latencies: results.0, errors: results.1, elapsed: (clock.now - start).seconds)
    }
}

/// CPU time and memory of processes, from /proc.
enum ProcessCPU {
    /// User + system CPU seconds of the processes and their children that were waited for.
    static func seconds(of pids: [Int32]) -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return pids.reduce(0) { total, pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return total }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the command: state is field 3; utime, stime, cutime, cstime are fields 14-17.
            let values = fields[11...14].compactMap { Double($0) }
            return total + values.reduce(0, +) / ticks
        }
    }

    /// The peak resident set (`VmHWM`) of a process, in MiB.
    static func peakResidentMiB(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return 0 }
        return kib / 1024
    }
}
