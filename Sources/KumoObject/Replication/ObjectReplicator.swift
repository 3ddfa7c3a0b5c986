import AsyncHTTPClient
import Foundation
import KumoObjectDisk
import KumoRing
import Logging
import NIOCore
import NIOHTTP1

/// Keeps every partition of a storage node's object devices on all of its primary devices.
///
/// For each partition a device holds, it compares suffix hashes with the partition's other
/// replicas and pushes the files of every suffix that differs (the receiver keeps the newer). A
/// partition held on a device that is not one of its primaries (a handoff) is pushed to every
/// primary and removed once they all have it.
struct ObjectReplicator: Sendable {
    let node: String
    let devices: StorageDevices
    let ring: ReloadingRing
    let client: HTTPClient
    let reclaimAge: Duration
    let timeout: TimeAmount
    let logger: Logger

    /// What one pass did.
    struct Report: Sendable, Equatable {
        var partitions = 0
        var filesPushed = 0
        var handoffsRemoved = 0
        var failures = 0
    }

    /// One pass over every partition of every device.
    func pass() async -> Report {
        var report = Report()
        let ring = ring.current
        for name in devices.names() {
            guard let device = try? devices.objectDevice(name),
                let partitions = try? await Blocking.run({ try device.partitions() })
            else { continue }
            for partition in partitions where partition < ring.partitionCount {
                report.partitions += 1
                await replicate(partition, of: device, named: name, ring: ring, report: &report)
            }
        }
        return report
    }

    private func replicate(_ partition: Int, of device: ObjectDevice, named name: String, ring: Ring, report: inout Report) async {
        let primaries = ring.primaryNodes(partition: partition)
        let isPrimary = primaries.contains { $0.meta == node && $0.device == name }
        let targets = primaries.filter { !($0.meta == node && $0.device == name) }
        guard let local = try? await Blocking.run({ try device.suffixHashes(partition: partition, reclaimAge: reclaimAge) }) else {
            report.failures += 1
            return
        }
        var synced = true
        for target in targets {
            do {
                var remote = try await remoteHashes(target, partition: partition, recalculate: [])
                var differing = local.keys.filter { remote[$0] != local[$0] }
                if !differing.isEmpty {
                    remote = try await remoteHashes(target, partition: partition, recalculate: differing)
                    differing = local.keys.filter { remote[$0] != local[$0] }
                }
                for suffix in differing.sorted() {
                    report.filesPushed += try await push(suffix, partition: partition, of: device, to: target)
                }
            } catch {
                synced = false
                report.failures += 1
                logger.debug(
                    "replication to a device failed",
                    metadata: ["partition": "\(partition)", "target": "\(target.server)/\(target.device)", "error": "\(error)"])
            }
        }
        if !isPrimary, synced {
            try? FileManager.default.removeItem(atPath: "\(device.root)/objects/\(partition)")
            report.handoffsRemoved += 1
        }
    }

    private func remoteHashes(_ target: RingDevice, partition: Int, recalculate: [String]) async throws -> [String: String] {
        var url = "http://\(target.ip):\(target.port)/replicate/\(ObjectPath.encode(target.device))/\(partition)"
        if !recalculate.isEmpty { url += "?recalculate=" + recalculate.joined(separator: ",") }
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw ReplicationError.status(Int(response.status.code), url) }
        return try JSONDecoder().decode([String: String].self, from: Data(body.readableBytesView))
    }

    /// Pushes the current files of every object of `suffix`; returns how many were sent.
    private func push(_ suffix: String, partition: Int, of device: ObjectDevice, to target: RingDevice) async throws -> Int {
        let pusher = ObjectFilePush(client: client, timeout: timeout)
        var pushed = 0
        for hash in try await Blocking.run({ try device.hashes(partition: partition, suffix: suffix) }) {
            let files = try await Blocking.run { try device.files(partition: partition, hash: hash) }
            // The .data or .ts carries a newer .meta along.
            guard let main = files.last(where: { $0.kind != .meta }) else { continue }
            let reader = try await Blocking.run { try device.openFile(partition: partition, hash: hash, file: main) }
            guard try await pusher.push(reader, partition: partition, to: target) else {
                throw ReplicationError.rejected(hash, target.server)
            }
            pushed += 1
        }
        return pushed
    }
}

/// Why a replication step failed.
enum ReplicationError: Error, CustomStringConvertible {
    case status(Int, String)
    case rejected(String, String)

    var description: String {
        switch self {
        case .status(let status, let url): "HTTP \(status) from \(url)"
        case .rejected(let hash, let server): "\(server) refused object \(hash)"
        }
    }
}
