/// The libvirt domain type guests run with: `kvm` (hardware virtualization) or `qemu` (TCG emulation).
public enum VirtType: String, Sendable, Codable, CaseIterable {
    case kvm
    case qemu
}

/// The domain type a host uses and why, as `kumo hypervisor show` reports it.
public struct VirtTypeChoice: Sendable, Equatable {
    public let virtType: VirtType
    public let reason: String

    public init(virtType: VirtType, reason: String) {
        self.virtType = virtType
        self.reason = reason
    }
}

extension VirtType {
    /// Resolves the setting `compute.virt_type`: `kvm` and `qemu` as set; `auto` picks `kvm` only when
    /// `/dev/kvm` opens read-write and the CPU offers VT-x or SVM (a PVM `/dev/kvm` without them
    /// cannot run Linux guests), else `qemu`.
    /// - Parameter facts: the host's KVM facts; probed only for `auto`.
    public static func resolve(
        setting: String, facts: @autoclosure () -> KVMFacts = KVMFacts.probe()
    ) throws(VirtError) -> VirtTypeChoice {
        if let fixed = VirtType(rawValue: setting) {
            return VirtTypeChoice(virtType: fixed, reason: "virt_type \(setting): set in the configuration")
        }
        guard setting == "auto" else { throw .invalidVirtType(setting) }
        let facts = facts()
        guard facts.kvmDeviceOpens else {
            return VirtTypeChoice(
                virtType: .qemu, reason: "auto: /dev/kvm cannot be opened read-write, guests run under TCG emulation")
        }
        if let hardware = facts.hardwareVirtualization {
            return VirtTypeChoice(
                virtType: .kvm, reason: "auto: /dev/kvm opens read-write and the CPU offers \(hardware)")
        }
        let device = facts.kvmModules.contains("kvm_pvm") ? "/dev/kvm is PVM" : "/dev/kvm is there but the CPU is"
        return VirtTypeChoice(
            virtType: .qemu, reason: "auto: \(device) without VT-x/SVM, Linux guests cannot run under kvm")
    }
}
