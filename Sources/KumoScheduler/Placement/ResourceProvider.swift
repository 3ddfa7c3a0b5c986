import Foundation

/// A compute host as placement knows it: its inventories with their usage, hypervisor and state.
public struct ResourceProvider: Sendable, Equatable {
    /// A small number naming the host for good (os-hypervisors' `id` at microversion 2.1).
    public var id: Int
    public var host: String
    public var uuid: String
    public var availabilityZone: String
    public var hostIP: String
    /// `QEMU`; `virtType` is the libvirt domain type in use (`kvm` or `qemu`).
    public var hypervisorType: String
    public var hypervisorVersion: Int
    public var virtType: String
    /// Why the host runs guests with `virtType`.
    public var virtTypeReason: String
    /// The host's `uptime` line as of its last report.
    public var uptime: String
    public var cpuArchitecture: String
    public var vcpus: Inventory
    public var memoryMB: Inventory
    public var diskGB: Inventory
    /// Instances holding resources here.
    public var allocationCount: Int
    /// false once disabled through os-services, with the operator's reason.
    public var enabled: Bool
    public var disabledReason: String?
    public var lastReport: Date
    /// Bumped by every change of the host's row or its allocations.
    public var generation: Int

    /// Whether the host reported within `downAfterSeconds` of `now`.
    public func isUp(at now: Date, downAfterSeconds: Int) -> Bool {
        now.timeIntervalSince(lastReport) <= Double(downAfterSeconds)
    }
}
