import Foundation
import KumoRing

/// The operator's ring tool behind `kumod object ring`: builder files next to the ring files they
/// make, under `<state_dir>/object/rings`.
public struct RingAdmin: Sendable {
    let settings: ObjectSettings

    public init(settings: ObjectSettings) {
        self.settings = settings
    }

    /// Creates an empty builder for each of `kinds`; refuses to replace an existing one.
    public func create(_ kinds: [RingKind], partPower: Int, replicas: Int, minPartHours: Int) throws {
        try FileManager.default.createDirectory(atPath: settings.root + "/rings", withIntermediateDirectories: true)
        for kind in kinds {
            guard !FileManager.default.fileExists(atPath: settings.builderFile(kind)) else {
                throw RingAdminError.exists(settings.builderFile(kind))
            }
            try RingBuilder(partPower: partPower, replicas: replicas, minPartHours: minPartHours)
                .save(to: settings.builderFile(kind))
        }
    }

    /// Adds a device to the builder of `kind`.
    @discardableResult
    public func add(
        _ kind: RingKind, region: Int, zone: Int, ip: String, port: Int, device: String, weight: Double, meta: String
    ) throws -> RingDevice {
        var builder = try load(kind)
        let added = try builder.addDevice(region: region, zone: zone, ip: ip, port: port, device: device, weight: weight, meta: meta)
        try builder.save(to: settings.builderFile(kind))
        return added
    }

    /// Sets a device's weight (0 drains it).
    public func setWeight(_ kind: RingKind, device id: Int, weight: Double) throws {
        var builder = try load(kind)
        try builder.setWeight(weight, ofDevice: id)
        try builder.save(to: settings.builderFile(kind))
    }

    /// Removes a device; its partitions move at the next rebalance.
    public func remove(_ kind: RingKind, device id: Int) throws {
        var builder = try load(kind)
        try builder.removeDevice(id: id)
        try builder.save(to: settings.builderFile(kind))
    }

    /// Rebalances the builder and writes the new ring file, which running servers pick up.
    public func rebalance(_ kind: RingKind) throws -> RebalanceResult {
        var builder = try load(kind)
        let result = try builder.rebalance()
        try builder.save(to: settings.builderFile(kind))
        try builder.makeRing(secret: settings.secret).write(to: settings.ringFile(kind))
        return result
    }

    public func load(_ kind: RingKind) throws -> RingBuilder {
        guard FileManager.default.fileExists(atPath: settings.builderFile(kind)) else {
            throw RingAdminError.missing(settings.builderFile(kind))
        }
        return try RingBuilder.load(from: settings.builderFile(kind))
    }

    /// The rings of a one-machine cluster: `zones` zones of one node each (`z1`, `z2` …) with
    /// `devices` devices (`d1` …) each; node *n* serves objects on `basePort + 10n`, containers on
    /// `+1` and accounts on `+2`. Idempotent: existing builders are kept.
    public func local(zones: Int, devices: Int, basePort: Int, partPower: Int, replicas: Int) throws {
        for kind in RingKind.allCases where !FileManager.default.fileExists(atPath: settings.builderFile(kind)) {
            try create([kind], partPower: partPower, replicas: replicas, minPartHours: 1)
            let offset = [RingKind.object: 0, .container: 1, .account: 2][kind]!
            for zone in 1...zones {
                for device in 1...devices {
                    try add(
                        kind, region: 1, zone: zone, ip: "127.0.0.1", port: basePort + 10 * zone + offset,
                        device: "d\(device)", weight: 100, meta: "z\(zone)")
                }
            }
            _ = try rebalance(kind)
        }
    }
}

/// A ring tool mistake.
public enum RingAdminError: Error, CustomStringConvertible {
    case exists(String)
    case missing(String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists; remove it to start over"
        case .missing(let path): "\(path) does not exist; run `kumod object ring create` first"
        }
    }
}
