import CLibvirt

/// What libvirt reports of the host it runs on (`virNodeGetInfo`).
public struct LibvirtNodeInfo: Sendable, Equatable {
    /// The CPU architecture, e.g. `x86_64`.
    public let model: String
    public let memoryKiB: UInt64
    /// Active logical CPUs.
    public let cpus: Int
    public let mhz: Int
}

extension LibvirtConnection {
    public func nodeInfo() throws(LibvirtError) -> LibvirtNodeInfo {
        var info = virNodeInfo()
        guard virNodeGetInfo(pointer, &info) == 0 else { throw .last("get node info") }
        let model = withUnsafeBytes(of: info.model) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return LibvirtNodeInfo(model: model, memoryKiB: UInt64(info.memory), cpus: Int(info.cpus), mhz: Int(info.mhz))
    }

    /// The hypervisor's version as libvirt encodes it: major × 1,000,000 + minor × 1,000 + release
    /// (QEMU 7.2.22 → 7002022), the integer Nova reports as `hypervisor_version`.
    public func hypervisorVersion() throws(LibvirtError) -> Int {
        var version: UInt = 0
        guard virConnectGetVersion(pointer, &version) == 0 else { throw .last("get hypervisor version") }
        return Int(version)
    }
}
