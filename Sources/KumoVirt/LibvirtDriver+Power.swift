import KumoLibvirt
import KumoRPC
import Logging
import NIOPosix

extension LibvirtDriver {
    /// Boots the instance (restoring its managed save image, if any); nothing when it runs already.
    public func start(_ uuid: String) async throws {
        try await withDomain(uuid) { domain in
            guard try domain.state() != .running else { return }
            try domain.start()
        }
    }

    /// Presses the ACPI power button (again every 10 s, as Nova does: a guest still booting may
    /// miss it) and waits up to `timeout` for the guest to power off, then powers it off (a paused
    /// guest at once). Nothing when it is not running.
    public func stop(_ uuid: String, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var nextPress = clock.now
        while clock.now < deadline, try await withDomain(uuid, { try $0.state() }) == .running {
            if clock.now >= nextPress {
                try await withDomain(uuid) { domain in
                    do throws(LibvirtError) {
                        try domain.shutdown()
                    } catch where error.isInvalidOperation {}  // it stopped meanwhile
                }
                nextPress = clock.now + .seconds(10)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await withDomain(uuid) { try $0.destroyIfActive() }
        logger.with(uuid).info("stopped instance")
    }

    /// Hard: powers the instance off, discards any managed save image and boots it afresh (as Nova).
    /// Soft: `stop` with `timeout` (ACPI, then power off), then boots it.
    public func reboot(_ uuid: String, hard: Bool, timeout: Duration = .seconds(120)) async throws {
        if hard {
            try await withDomain(uuid) { domain in
                try domain.destroyIfActive()
                if try domain.hasManagedSaveImage() { try domain.removeManagedSave() }
            }
        } else {
            try await stop(uuid, timeout: timeout)
        }
        try await start(uuid)
    }

    /// Pauses the vCPUs; the guest stays in memory.
    public func pause(_ uuid: String) async throws {
        try await withDomain(uuid) { try $0.pause() }
    }

    public func unpause(_ uuid: String) async throws {
        try await withDomain(uuid) { try $0.unpause() }
    }

    /// Saves the guest's memory to disk (libvirt's managed save) and stops QEMU.
    public func suspend(_ uuid: String) async throws {
        try await withDomain(uuid) { try $0.managedSave() }
    }

    /// Restores a suspended guest from its managed save image.
    public func resume(_ uuid: String) async throws {
        try await withDomain(uuid) { try $0.start() }
    }
}
