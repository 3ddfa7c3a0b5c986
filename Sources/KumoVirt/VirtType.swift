/// The libvirt domain type guests run with: `kvm` (hardware virtualization) or `qemu` (TCG emulation).
public enum VirtType: String, Sendable, Codable, CaseIterable {
    case kvm
    case qemu
}
