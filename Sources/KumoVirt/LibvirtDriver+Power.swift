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

    /// Presses the ACPI power button and waits up to `timeout` for the guest to power off, then
    /// powers it off (a paused guest at once). Nothing when it is not running.
    public func stop(_ uuid: String, timeout: Duration) async throws {
        let state = try await withDomain(uuid) { try $0.state() }
        if state == .running {
            try await withDomain(uuid) { domain in
                do throws(LibvirtError) {
                    try domain.shutdown()
                } catch where error.isInvalidOperation {}  // it stopped meanwhile
            }
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                guard try await withDomain(uuid, { try $0.state() }) == .running else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try await withDomain(uuid) { try $0.destroyIfActive() }
        logger.with(uuid).info("stopped instance")
    }

    /// Hard: powers the instance off and boots it again. Soft: `stop` with `timeout`, then boots it.
    public func reboot(_ uuid: String, hard: Bool, timeout: Duration = .seconds(120)) async throws {
        if hard {
            try await withDomain(uuid) { try $0.destroyIfActive() }
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
