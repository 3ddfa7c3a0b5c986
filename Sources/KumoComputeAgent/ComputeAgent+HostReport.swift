import Foundation
import KumoBus
import KumoRPC
import KumoVirt
import Logging

extension ComputeAgent {
    /// Tells the conductor this host's resources and hypervisor (the scheduler places guests by them).
    func reportHost(settings: AgentSettings, virtType: VirtTypeChoice) async {
        do {
            let resources = try await driver.hostResources()
            let report = ConductorAPI.HostReport(
                host: host, availabilityZone: settings.availabilityZone, hostIP: settings.hostIP,
                vcpus: resources.vcpus, memoryMB: resources.memoryMB, diskGB: resources.diskGB,
                reservedMemoryMB: settings.reservedMemoryMB, reservedDiskGB: settings.reservedDiskGB,
                hypervisorType: resources.hypervisorType, hypervisorVersion: resources.hypervisorVersion,
                virtType: virtType.virtType.rawValue, virtTypeReason: virtType.reason,
                cpuArchitecture: resources.cpuArchitecture, runningVMs: known.count, uptime: Self.uptime())
            try await bus.cast(ConductorAPI.hostReport, report, topic: ConductorAPI.topic)
        } catch {
            logger.warning("cannot report this host's resources", metadata: ["error": "\(error)"])
        }
    }

    /// This host's uptime and load, formatted as `uptime` prints them.
    static func uptime(now: Date = Date()) -> String {
        let seconds = Int(Double(Self.firstField(of: "/proc/uptime") ?? "0") ?? 0)
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "0 0 0").split(separator: " ").prefix(3)
        let days = seconds / 86_400
        let clock = String(format: "%2d:%02d", (seconds % 86_400) / 3600, (seconds % 3600) / 60)
        let time = now.formatted(.iso8601.time(includingFractionalSeconds: false).timeSeparator(.colon))
        return " \(time) up \(days) days, \(clock),  0 users,  load average: \(load.joined(separator: ", "))"
    }

    private static func firstField(of path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: " ").first.map(String.init)
    }
}
