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
                    seconds.append(elapsed.seconds)
                } catch {
                    try? await guest.destroy(on: host)
                    throw error
                }
            }
            return seconds
        }
        let samples = Samples(seconds)
        printTable(
            "Tiny image boot under libvirt: virsh create to KUMO-GUEST-READY on the console",
            headers: ["virt type", "runs", "median s", "min s", "max s"],
            rows: [[virtType, String(runs)] + [samples.median, samples.min, samples.max].map { String(format: "%.2f", $0) }])
    }
}
