import CLibvirt
import Foundation
import Synchronization

/// libvirt's default event loop, run on a thread of its own: what delivers domain events (and
/// keepalives) of connections opened after it started.
public enum LibvirtEventLoop {
    private static let started = Mutex(false)

    /// Registers and runs the loop once per process; call before opening the connections whose
    /// events you want.
    public static func start() throws(LibvirtError) {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        guard virEventRegisterDefaultImpl() == 0 else { throw .last("register the event loop") }
        let thread = Thread {
            while virEventRunDefaultImpl() == 0 {}
        }
        thread.name = "libvirt-events"
        thread.start()
    }
}
