import Foundation
import KumoLibvirt
import KumoRPC
import Logging
import NIOPosix

/// The libvirt "virt driver" of a compute host (as nova/virt/libvirt): instance files, domains and
/// their power states on one libvirtd.
///
/// Domains are named `kumo-<uuid>` and carry the instance UUID as theirs. Blocking libvirt calls and
/// file removals run on the driver's own thread pool, external programs through `ProcessRunner`.
/// Callers run one operation per instance at a time, as Nova's compute manager does.
public final class LibvirtDriver: Sendable {
    public let settings: LibvirtDriverSettings
    /// The base images of this host.
    public let imageCache: ImageCache
    let connection: LibvirtConnection
    let pool: NIOThreadPool
    let logger: Logger

    private init(settings: LibvirtDriverSettings, connection: LibvirtConnection, pool: NIOThreadPool, logger: Logger) {
        self.settings = settings
        self.imageCache = ImageCache(directory: settings.imageCacheDirectory)
        self.connection = connection
        self.pool = pool
        self.logger = logger
    }

    /// Starts libvirt's event loop (once per process), connects to `settings.uri`, and makes the
    /// instances directory and the host's bridge if they are missing.
    public static func connect(settings: LibvirtDriverSettings, logger: Logger) async throws -> LibvirtDriver {
        try LibvirtEventLoop.start()
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        do {
            let connection = try await pool.runIfActive {
                try FileManager.default.createDirectory(
                    atPath: settings.instancesDirectory, withIntermediateDirectories: true)
                return try LibvirtConnection(uri: settings.uri)
            }
            try await settings.bridge.ensure()
            logger.info(
                "connected to libvirt", metadata: ["uri": "\(settings.uri)", "virt_type": "\(settings.virtType)"])
            return LibvirtDriver(settings: settings, connection: connection, pool: pool, logger: logger)
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
    }

    /// Stops the driver's threads; the driver must not be used afterwards.
    public func close() async throws {
        try await pool.shutdownGracefully()
    }

    public func files(of uuid: String) -> InstanceDirectory {
        InstanceDirectory(instancesDirectory: settings.instancesDirectory, uuid: uuid)
    }

    /// Makes the instance's files (root disk on `baseImage`, config drive, domain XML), defines its
    /// domain and starts it. What an earlier attempt with the same UUID left is removed first; what
    /// this attempt made is removed again when it fails.
    public func spawn(_ instance: InstanceSpec, baseImage: String) async throws {
        let uuid = instance.uuid
        guard UUID(uuidString: uuid) != nil else { throw VirtError.invalidIdentifier(uuid) }
        let files = files(of: uuid)
        let logger = logger.with(uuid)
        try await removeInstance(uuid)
        do {
            try await pool.runIfActive {
                try FileManager.default.createDirectory(atPath: files.path, withIntermediateDirectories: true)
            }
            try await InstanceDisk.create(at: files.disk, base: baseImage, rootGB: instance.flavor.rootGB, uuid: uuid)
            try await ConfigDrive(instance: instance).write(to: files.configDrive)
            let xml = DomainXML(
                instance: instance, virtType: settings.virtType, files: files, bridge: settings.bridge.name)
            try await pool.runIfActive { [connection] in
                try xml.text.write(toFile: files.domainXML, atomically: true, encoding: .utf8)
                try connection.define(xml: xml.text).start()
            }
        } catch {
            logger.info("spawn failed, removing what it made", metadata: ["error": "\(error)"])
            try? await removeInstance(uuid)
            throw error
        }
        logger.info("spawned instance", metadata: ["virt_type": "\(settings.virtType)"])
    }

    /// Stops and undefines the instance's domain (with its managed save image) and removes its
    /// directory; nothing of the instance is left. Harmless when there is nothing to remove.
    public func destroy(_ uuid: String) async throws {
        try await removeInstance(uuid)
        logger.with(uuid).info("destroyed instance")
    }

    private func removeInstance(_ uuid: String) async throws {
        guard InstanceDirectory.isSafeFileName(uuid) else { throw VirtError.invalidIdentifier(uuid) }
        let path = files(of: uuid).path
        try await pool.runIfActive { [connection] in
            if let domain = try connection.domain(uuid: uuid) {
                try domain.destroyIfActive()
                try domain.undefine()
            }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Runs `body` with the instance's domain on the driver's threads.
    /// - Throws: `VirtError.instanceNotFound` when no domain has the UUID.
    func withDomain<T: Sendable>(
        _ uuid: String, _ body: @escaping @Sendable (LibvirtDomain) throws -> T
    ) async throws -> T {
        try await pool.runIfActive { [connection] in
            guard let domain = try connection.domain(uuid: uuid) else { throw VirtError.instanceNotFound(uuid: uuid) }
            return try body(domain)
        }
    }
}

extension LibvirtDomain {
    /// Powers the domain off unless it is not running.
    func destroyIfActive() throws(LibvirtError) {
        do throws(LibvirtError) {
            try destroy()
        } catch where error.isInvalidOperation {}
    }
}

extension Logger {
    func with(_ uuid: String) -> Logger {
        var logger = self
        logger[metadataKey: "instance.id"] = "\(uuid)"
        return logger
    }
}
