import AsyncHTTPClient
import Foundation
import Hummingbird
import KumoHTTP
import KumoObjectDisk
import KumoRing
import KumoRuntime
import Logging
import NIOCore
import ServiceLifecycle

/// One storage node (`kumod storage-node --node NAME`): the object, container and account servers
/// of its devices, on the ports the rings give the devices whose `meta` is the node's name, and its
/// background work: replication, auditing, pending listing updates and account totals.
///
/// Devices live in `<state_dir>/object/nodes/<node>/<device>`; missing ones are created at start.
public enum StorageNode {
    public static let binary = "kumo-storage-node"

    /// The storage nodes the object ring names (its devices' `meta`), none when there is no ring yet.
    public static func localNodes(settings: ObjectSettings) throws -> [String] {
        guard FileManager.default.fileExists(atPath: settings.ringFile(.object)) else { return [] }
        let ring = try Ring(contentsOf: settings.ringFile(.object), secret: settings.secret)
        return Array(Set(ring.devices.map(\.meta))).sorted()
    }

    public static func make(_ environment: ServiceEnvironment, node: String) throws -> [any Service] {
        let settings = try ObjectSettings(environment.settings)
        let logger = {
            var logger = environment.logger
            logger[metadataKey: "node"] = "\(node)"
            return logger
        }()
        let rings = try ObjectRings(settings: settings, logger: logger)
        let devices = StorageDevices(root: settings.nodeRoot(node))
        var ports: [RingKind: Int] = [:]
        for kind in RingKind.allCases {
            let own = rings.ring(kind).current.devices.filter { $0.meta == node }
            guard let port = own.first?.port else { throw ObjectStoreError.unknownNode(node) }
            guard own.allSatisfy({ $0.port == port }) else { throw ObjectStoreError.portsDiffer(node: node, ring: kind.rawValue) }
            ports[kind] = port
            for device in own {
                try FileManager.default.createDirectory(atPath: devices.path(device.device), withIntermediateDirectories: true)
            }
        }
        let client = StorageHTTPClient.make()
        let timeout = TimeAmount.seconds(settings.nodeTimeout.components.seconds)
        let containers = ListingDatabases(devices: devices, kind: .container, secret: settings.secret)
        let accounts = ListingDatabases(devices: devices, kind: .account, secret: settings.secret)
        let reporter = AccountReporter(databases: containers, accountRing: rings.account, client: client, timeout: timeout)

        func app(_ router: Router<KumoRequestContext>, _ kind: RingKind) throws -> some Service {
            Application(
                router: router, settings: try HTTPSettings(address: settings.storageListenAddress, port: ports[kind]!),
                serverName: "kumo-\(kind.rawValue)-server", logger: logger)
        }
        let objectServer = ObjectServer(
            devices: devices, secret: settings.secret, client: client, reclaimAge: settings.reclaimAge, logger: logger)
        let containerServer = ListingServer(databases: containers) { reporter.changed($0) }
        let accountServer = ListingServer(databases: accounts) { _ in }

        let objectReplicator = ObjectReplicator(
            node: node, devices: devices, ring: rings.object, client: client, reclaimAge: settings.reclaimAge,
            timeout: timeout, logger: logger)
        let containerReplicator = ListingReplicator(
            node: node, databases: containers, ring: rings.container, client: client, timeout: timeout, logger: logger)
        let accountReplicator = ListingReplicator(
            node: node, databases: accounts, ring: rings.account, client: client, timeout: timeout, logger: logger)
        let updater = PendingUpdater(devices: devices, client: client, timeout: timeout)

        var services: [any Service] = [
            try app(objectServer.router(), .object),
            try app(containerServer.router(), .container),
            try app(accountServer.router(), .account),
            Periodic(interval: settings.replicationInterval) {
                let report = await objectReplicator.pass()
                let listings = await containerReplicator.pass { reporter.changed($0) }
                _ = await accountReplicator.pass()
                logger.debug(
                    "replication pass",
                    metadata: [
                        "objects.pushed": "\(report.filesPushed)", "handoffs.removed": "\(report.handoffsRemoved)",
                        "rows.pushed": "\(listings.rowsPushed)", "failures": "\(report.failures + listings.failures)",
                    ])
            },
            Periodic(interval: .seconds(1)) {
                await reporter.flush()
                await updater.sweep()
            },
            HTTPClientShutdown(client: client),
            HeartbeatReporter(environment: environment, binary: binary),
        ]
        if settings.auditBytesPerSecond > 0 {
            services.append(
                Periodic(interval: settings.replicationInterval) {
                    for name in devices.names() {
                        guard let device = try? devices.objectDevice(name) else { continue }
                        let report = try? await ObjectAuditor(device: device, bytesPerSecond: settings.auditBytesPerSecond).run()
                        if let report, report.quarantined > 0 {
                            logger.warning(
                                "auditor quarantined rotten objects",
                                metadata: ["device": "\(name)", "quarantined": "\(report.quarantined)"])
                        }
                    }
                })
        }
        return services
    }
}

/// Shuts an HTTP client down at graceful shutdown.
struct HTTPClientShutdown: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
