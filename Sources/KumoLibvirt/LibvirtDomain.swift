import CLibvirt

/// One libvirt domain: start, pause (suspend in libvirt's words), managed save, destroy, undefine.
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

    /// Removes the definition (and any managed save image).
    public func undefine() throws(LibvirtError) {
        let flags = UInt32(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE.rawValue)
        guard virDomainUndefineFlags(pointer, flags) == 0 else { throw .last("undefine \(name)") }
    }
}
