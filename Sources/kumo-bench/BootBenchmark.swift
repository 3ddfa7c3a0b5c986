import ArgumentParser
import Foundation
import KumoRuntime
import KumoTesting

/// Time from `virsh create` to `KUMO-GUEST-READY` for the tiny image, on Kumo's own libvirtd.
struct BootBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boot", abstract: "Boot time of the tiny image under libvirt.")

    @Option(help: "How many guests to boot, one after the other.")
    var runs = 5

    @Option(help: "The libvirt domain type: kvm, or qemu (TCG).")
    var virtType = "qemu"

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        let seconds: [Double] = try await withTemporaryLibvirtHost(name: "bench") { host in
            var seconds: [Double] = []
            for run in 1...runs {
                let guest = TinyGuest(name: "bench-\(run)", virtType: virtType)
                do {
                    let elapsed = try await guest.boot(on: host)
                    try await guest.destroy(on: host)
                    seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                } catch {
                    try? await guest.destroy(on: host)
                    throw error
                }
            }
            return seconds
        }
        let sorted = seconds.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let rows = [
            ["virt type", "runs", "median s", "min s", "max s"],
            [virtType, String(runs)] + [median, sorted.first!, sorted.last!].map { String(format: "%.2f", $0) },
        ]
        print("Tiny image boot on Kumo's libvirtd: virsh create → KUMO-GUEST-READY on the console")
        for row in rows {
            print(
                row.enumerated().map { column, text in
                    let pad = String(repeating: " ", count: max(0, 10 - text.count))
                    return column == 0 ? text + pad : pad + text
                }.joined(separator: " "))
        }
    }
}
