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
                cpuArchitecture: resources.cpuArchitecture, runningVMs: known.count)
            try await bus.cast(ConductorAPI.hostReport, report, topic: ConductorAPI.topic)
        } catch {
            logger.warning("cannot report this host's resources", metadata: ["error": "\(error)"])
        }
    }
}
