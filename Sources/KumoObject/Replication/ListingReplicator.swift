import AsyncHTTPClient
import Foundation
import KumoRing
import Logging
import NIOCore
import NIOHTTP1

/// Keeps every container (or account) database of a storage node on all of its primary devices:
/// pushes the status and the rows each peer has not seen yet (from a per-peer sync point); a
/// database on a handoff device is removed once every primary has it.
struct ListingReplicator: Sendable {
    let node: String
    let databases: ListingDatabases
    let ring: ReloadingRing
    let client: HTTPClient
    let timeout: TimeAmount
    let logger: Logger
    /// Rows per push.
    static let batch = 1000

    struct Report: Sendable, Equatable {
        var databases = 0
        var rowsPushed = 0
        var handoffsRemoved = 0
        var failures = 0
    }

    func pass(visit: @Sendable (ListingDatabase) -> Void = { _ in }) async -> Report {
        var report = Report()
        let ring = ring.current
        for (device, partition, file) in databases.all() where partition < ring.partitionCount {
            guard let database = try? databases.database(at: file, create: false) else { continue }
            report.databases += 1
            visit(database)
            let primaries = ring.primaryNodes(partition: partition)
            let isPrimary = primaries.contains { $0.meta == node && $0.device == device }
            var synced = true
            for target in primaries where !(target.meta == node && target.device == device) {
                do {
                    report.rowsPushed += try await push(database, partition: partition, to: target)
                } catch {
                    synced = false
                    report.failures += 1
                    logger.debug("listing replication failed", metadata: ["target": "\(target.server)", "error": "\(error)"])
                }
            }
            if !isPrimary, synced {
                databases.close(file)
                try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent)
                report.handoffsRemoved += 1
            }
        }
        return report
    }

    /// Pushes the status and unseen rows to `target`; a peer that has fewer rows than this replica
    /// (a wiped device) gets everything again.
    private func push(_ database: ListingDatabase, partition: Int, to target: RingDevice) async throws -> Int {
        let peer = "\(target.id)"
        var since = try await Blocking.run { try database.syncPoint(peer: peer) }
        var pushed = 0
        var restarted = false
        while true {
            let (status, page) = try await Blocking.run { [since] in
                (try database.status(), try database.rows(after: since, limit: Self.batch))
            }
            let peerRows = try await send(ListingServer.ReplicationPush(status: status, rows: page.rows), partition: partition, to: target)
            pushed += page.rows.count
            since = page.last
            try await Blocking.run { [since] in try database.setSyncPoint(since, peer: peer) }
            if page.rows.count < Self.batch {
                let ours = try await Blocking.run { try database.rowCount() }
                guard peerRows < ours, !restarted else { return pushed }
                restarted = true
                since = 0
            }
        }
    }

    /// Sends one push; returns how many rows the peer now holds.
    private func send(_ push: ListingServer.ReplicationPush, partition: Int, to target: RingDevice) async throws -> Int64 {
        let url = "http://\(target.ip):\(target.port)/replicate-db/\(ObjectPath.encode(target.device))/\(partition)"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(push)))
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok else { throw ReplicationError.status(Int(response.status.code), url) }
        return try JSONDecoder().decode(ListingServer.ReplicationAnswer.self, from: Data(body.readableBytesView)).rows
    }
}
