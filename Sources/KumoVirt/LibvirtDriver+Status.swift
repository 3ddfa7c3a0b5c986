import Foundation
import KumoLibvirt
import KumoRPC
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

extension LibvirtDriver {
    /// The instance's power state; nil when it has no domain.
    public func powerState(_ uuid: String) async throws -> PowerState? {
        try await pool.runIfActive { [connection] in
            try connection.domain(uuid: uuid).map { PowerState(try $0.state()) }
        }
    }

    /// The power state of every Kumo domain (named `kumo-…`) on this libvirtd, by instance UUID.
    public func instances() async throws -> [String: PowerState] {
        try await pool.runIfActive { [connection] in
            var states: [String: PowerState] = [:]
            for domain in try connection.domains() where domain.name.hasPrefix(DomainXML.namePrefix) {
                states[domain.uuid] = PowerState(try domain.state())
            }
            return states
        }
    }

    /// The instance's serial console: its last `lines` lines, or all of it for nil; at most the
    /// last 100 KiB either way (as Nova). Empty when the guest has written nothing yet.
    public func consoleOutput(_ uuid: String, lines: Int?) async throws -> String {
        guard InstanceDirectory.isSafeFileName(uuid) else { throw VirtError.invalidIdentifier(uuid) }
        let path = files(of: uuid).consoleLog
        return try await pool.runIfActive { try ConsoleLog.tail(of: path, lines: lines, maxBytes: 100 << 10) }
    }

    /// The host's CPUs, memory and instance disk, its architecture and QEMU version.
    public func hostResources() async throws -> HostResources {
        let directory = settings.instancesDirectory
        return try await pool.runIfActive { [connection] in
            let node = try connection.nodeInfo()
            var disk = statvfs()
            guard statvfs(directory, &disk) == 0 else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: directory])
            }
            return HostResources(
                vcpus: node.cpus, memoryMB: Int(node.memoryKiB / 1024),
                diskGB: Int((UInt64(disk.f_blocks) * UInt64(disk.f_frsize)) >> 30), cpuArchitecture: node.model,
                hypervisorType: "QEMU", hypervisorVersion: try connection.hypervisorVersion())
        }
    }

    /// The power state of Kumo's instances each time libvirt reports a change, until the stream is
    /// dropped: started or resumed → running, paused, stopped → shutdown (suspended after a managed
    /// save, crashed after a crash).
    public func lifecycleEvents() async throws -> AsyncStream<(uuid: String, state: PowerState)> {
        let events = try await pool.runIfActive { [connection] in try connection.lifecycleEvents() }
        let (stream, continuation) = AsyncStream.makeStream(of: (uuid: String, state: PowerState).self)
        let forwarding = Task {
            for await event in events where event.domain.hasPrefix(DomainXML.namePrefix) {
                if let state = PowerState(after: event) { continuation.yield((event.uuid, state)) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in forwarding.cancel() }
        return stream
    }
}
