import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What decides whether KVM can run Linux guests on this host; `probe()` reads them, tests inject them.
public struct KVMFacts: Sendable, Equatable {
    /// Whether `/dev/kvm` opens read-write.
    public var kvmDeviceOpens: Bool
    /// The CPU flags of `/proc/cpuinfo` (`vmx` for VT-x, `svm` for AMD-V among them).
    public var cpuFlags: Set<String>
    /// Loaded kernel modules whose name starts with `kvm` (`kvm_intel`, `kvm_amd`, `kvm_pvm` …).
    public var kvmModules: Set<String>

    public init(kvmDeviceOpens: Bool, cpuFlags: Set<String>, kvmModules: Set<String>) {
        self.kvmDeviceOpens = kvmDeviceOpens
        self.cpuFlags = cpuFlags
        self.kvmModules = kvmModules
    }

    /// `VT-x (vmx)` or `SVM (svm)` when the CPU offers hardware virtualization, else nil.
    public var hardwareVirtualization: String? {
        if cpuFlags.contains("vmx") { return "VT-x (vmx)" }
        if cpuFlags.contains("svm") { return "SVM (svm)" }
        return nil
    }

    /// The facts of this host.
    public static func probe() -> KVMFacts {
        let descriptor = open("/dev/kvm", O_RDWR | O_CLOEXEC)
        if descriptor >= 0 { close(descriptor) }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let modules = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/module")) ?? []
        return KVMFacts(
            kvmDeviceOpens: descriptor >= 0, cpuFlags: cpuFlags(cpuinfo: cpuinfo),
            kvmModules: Set(modules.filter { $0.hasPrefix("kvm") }))
    }

    /// The flags of the first `flags` line of `/proc/cpuinfo` text.
    static func cpuFlags(cpuinfo: String) -> Set<String> {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
