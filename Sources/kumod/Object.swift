import ArgumentParser
import Foundation
import KumoObject
import KumoRing
import KumoRuntime

/// `kumod object-proxy`: the Object Storage v1 API.
struct ObjectProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "object-proxy", abstract: "Run the object proxy.")
    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings: settings, service: "object-proxy")
        try await KumoProcess.run(settings: settings, manageBroker: false, logger: logger) { environment in
            try ObjectServices.proxy(environment)
        }
    }
}

/// `kumod storage-node --node NAME`: the object, container and account servers of one node.
struct StorageNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-node", abstract: "Run one storage node (its devices are the ring devices whose meta is its name).")
    @OptionGroup var options: DaemonOptions
    @Option(help: "The node's name, as in its ring devices' meta (e.g. z1).") var node: String

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings: settings, service: "storage-node")
        try await KumoProcess.run(settings: settings, manageBroker: false, logger: logger) { environment in
            try StorageNode.make(environment, node: node)
        }
    }
}

/// `kumod object ring …`: builds the account, container and object rings.
struct ObjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "object", abstract: "Object store administration.", subcommands: [Ring.self])

    struct Ring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the rings (like swift-ring-builder).",
            subcommands: [Create.self, Add.self, SetWeight.self, Remove.self, Rebalance.self, Show.self, Local.self])
    }

    struct RingOptions: ParsableArguments {
        @OptionGroup var options: DaemonOptions
        @Option(help: "account, container, object or all.") var ring: String = "all"

        func admin() throws -> RingAdmin { RingAdmin(settings: try ObjectSettings(options.settings())) }

        func kinds() throws -> [RingKind] {
            if ring == "all" { return RingKind.allCases }
            guard let kind = RingKind(rawValue: ring) else { throw ValidationError("--ring must be account, container, object or all") }
            return [kind]
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create empty rings.")
        @OptionGroup var ring: RingOptions
        @Option(help: "2^part-power partitions.") var partPower = 10
        @Option var replicas = 3
        @Option(help: "Hours before a partition may move again.") var minPartHours = 1

        func run() throws {
            try ring.admin().create(try ring.kinds(), partPower: partPower, replicas: replicas, minPartHours: minPartHours)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a device.")
        @OptionGroup var ring: RingOptions
        @Option var region = 1
        @Option var zone: Int
        @Option var ip = "127.0.0.1"
        @Option var port: Int
        @Option var device: String
        @Option var weight = 100.0
        @Option(help: "The storage node serving the device.") var meta: String

        func run() throws {
            for kind in try ring.kinds() {
                let added = try ring.admin().add(
                    kind, region: region, zone: zone, ip: ip, port: port, device: device, weight: weight, meta: meta)
                print("\(kind.rawValue): device \(added.id) r\(region)z\(zone)-\(ip):\(port)/\(device) weight \(weight) node \(meta)")
            }
        }
    }

    struct SetWeight: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-weight", abstract: "Change a device's weight.")
        @OptionGroup var ring: RingOptions
        @Argument var id: Int
        @Argument var weight: Double

        func run() throws {
            for kind in try ring.kinds() { try ring.admin().setWeight(kind, device: id, weight: weight) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a device.")
        @OptionGroup var ring: RingOptions
        @Argument var id: Int

        func run() throws {
            for kind in try ring.kinds() { try ring.admin().remove(kind, device: id) }
        }
    }

    struct Rebalance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rebalance and write the ring files.")
        @OptionGroup var ring: RingOptions

        func run() throws {
            for kind in try ring.kinds() {
                let result = try ring.admin().rebalance(kind)
                print(
                    "\(kind.rawValue): version \(result.version), moved \(result.moved) partition replicas, "
                        + String(format: "balance %.2f%%", result.balance))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the rings' devices.")
        @OptionGroup var ring: RingOptions

        func run() throws {
            for kind in try ring.kinds() {
                let builder = try ring.admin().load(kind)
                print("\(kind.rawValue) ring: \(builder.partitionCount) partitions, \(builder.replicas) replicas, version \(builder.version)")
                print("  id region zone address               device weight partitions node")
                for device in builder.devices {
                    let partitions = (0..<builder.partitionCount).reduce(0) { $0 + builder.deviceIDs(partition: $1).filter { $0 == device.id }.count }
                    print(
                        "  " + [String(device.id), String(device.region), String(device.zone), device.server, device.device,
                                String(device.weight), String(partitions), device.meta].joined(separator: "  "))
                }
            }
        }
    }

    struct Local: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build rings for a one-machine cluster: ZONES nodes z1… with DEVICES devices d1… each (idempotent).")
        @OptionGroup var options: DaemonOptions
        @Option var zones = 3
        @Option var devices = 2
        @Option(help: "Node n serves objects on base-port + 10n, containers +1, accounts +2.") var basePort = 6200
        @Option var partPower = 10
        @Option var replicas = 3

        func run() throws {
            try RingAdmin(settings: try ObjectSettings(options.settings()))
                .local(zones: zones, devices: devices, basePort: basePort, partPower: partPower, replicas: replicas)
        }
    }
}
