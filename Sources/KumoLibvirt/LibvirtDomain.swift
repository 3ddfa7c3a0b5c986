import CLibvirt

/// One libvirt domain: start, ACPI shutdown, pause (suspend in libvirt's words), managed save,
/// destroy, undefine.
public final class LibvirtDomain: @unchecked Sendable {
    let pointer: virDomainPtr
    /// Keeps the connection open as long as the domain is used.
    let connection: LibvirtConnection

    init(pointer: virDomainPtr, connection: LibvirtConnection) {
        self.pointer = pointer
        self.connection = connection
    }

    deinit {
        virDomainFree(pointer)
    }

    public var name: String { virDomainGetName(pointer).map { String(cString: $0) } ?? "" }

    /// The domain's UUID in lowercase text form.
    public var uuid: String { uuidString(of: pointer) }

    /// The domain's power state, as Nova maps libvirt's.
    public enum State: String, Sendable, Equatable {
        case running, paused, shutoff, crashed, suspended, other
    }

    public func state() throws(LibvirtError) -> State {
        var state: Int32 = 0
        var reason: Int32 = 0
        guard virDomainGetState(pointer, &state, &reason, 0) == 0 else { throw .last("state of \(name)") }
        if state == Int32(VIR_DOMAIN_SHUTOFF.rawValue), virDomainHasManagedSaveImage(pointer, 0) == 1 { return .suspended }
        switch UInt32(state) {
        case VIR_DOMAIN_RUNNING.rawValue, VIR_DOMAIN_BLOCKED.rawValue: return .running
        case VIR_DOMAIN_PAUSED.rawValue, VIR_DOMAIN_PMSUSPENDED.rawValue: return .paused
        case VIR_DOMAIN_SHUTOFF.rawValue, VIR_DOMAIN_SHUTDOWN.rawValue: return .shutoff
        case VIR_DOMAIN_CRASHED.rawValue: return .crashed
        default: return .other
        }
    }

    /// Boots a defined domain, or restores it from its managed save image.
    public func start() throws(LibvirtError) {
        guard virDomainCreate(pointer) == 0 else { throw .last("start \(name)") }
    }

    /// Asks the guest to power off by pressing its ACPI power button; returns at once.
    public func shutdown() throws(LibvirtError) {
        let flags = UInt32(VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN.rawValue)
        guard virDomainShutdownFlags(pointer, flags) == 0 else { throw .last("shut down \(name)") }
    }

    /// Pauses the vCPUs; memory stays (libvirt's suspend).
    public func pause() throws(LibvirtError) {
        guard virDomainSuspend(pointer) == 0 else { throw .last("pause \(name)") }
    }

    public func unpause() throws(LibvirtError) {
        guard virDomainResume(pointer) == 0 else { throw .last("unpause \(name)") }
    }

    /// Saves memory to libvirt's managed save image and stops QEMU; `start()` restores it.
    public func managedSave() throws(LibvirtError) {
        guard virDomainManagedSave(pointer, 0) == 0 else { throw .last("save \(name)") }
    }

    /// Stops the domain at once (power off).
    public func destroy() throws(LibvirtError) {
        guard virDomainDestroy(pointer) == 0 else { throw .last("destroy \(name)") }
    }

    /// Whether a managed save image waits to be restored by `start()`.
    public func hasManagedSaveImage() throws(LibvirtError) -> Bool {
        let result = virDomainHasManagedSaveImage(pointer, 0)
        guard result >= 0 else { throw .last("check the managed save image of \(name)") }
        return result == 1
    }

    /// Discards the managed save image, so that `start()` boots afresh.
    public func removeManagedSave() throws(LibvirtError) {
        guard virDomainManagedSaveRemove(pointer, 0) == 0 else {
            throw .last("remove the managed save image of \(name)")
        }
    }

    /// Removes the definition, with any managed save image and snapshot metadata.
    public func undefine() throws(LibvirtError) {
        let flags = UInt32(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE.rawValue | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA.rawValue)
        guard virDomainUndefineFlags(pointer, flags) == 0 else { throw .last("undefine \(name)") }
    }
}

/// The UUID of `domain` in lowercase text form ("" if libvirt cannot tell).
func uuidString(of domain: virDomainPtr) -> String {
    var buffer = [CChar](repeating: 0, count: Int(VIR_UUID_STRING_BUFLEN))
    guard virDomainGetUUIDString(domain, &buffer) == 0 else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
}
