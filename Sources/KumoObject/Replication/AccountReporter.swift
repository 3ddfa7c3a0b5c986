import AsyncHTTPClient
import Foundation
import KumoObjectDisk
import KumoRing
import NIOCore
import Synchronization

/// Reports containers' totals (objects, bytes) and deletions to their account's listing, for the
/// containers whose database changed since the last report, to every account replica.
final class AccountReporter: Sendable {
    let databases: ListingDatabases
    let accountRing: ReloadingRing
    let client: HTTPClient
    let timeout: TimeAmount
    private let dirty = Mutex<[String: ListingDatabase]>([:])

    init(databases: ListingDatabases, accountRing: ReloadingRing, client: HTTPClient, timeout: TimeAmount) {
        self.databases = databases
        self.accountRing = accountRing
        self.client = client
        self.timeout = timeout
    }

    /// Notes that a container's totals or existence changed.
    func changed(_ database: ListingDatabase) {
        dirty.withLock { $0[database.path] = database }
    }

    /// Reports every changed container; the ones not delivered to every account replica stay due.
    func flush() async {
        let due = dirty.withLock { dirty in
            defer { dirty.removeAll() }
            return Array(dirty.values)
        }
        for database in due {
            guard let update = try? await Blocking.run({ try Self.row(of: database) }) else { continue }
            let (path, row) = update
            let ring = accountRing.current
            let (partition, nodes) = ring.nodes(account: path.account)
            var delivered = true
            for node in nodes {
                let listing = ListingUpdate(host: node.server, device: node.device, partition: partition, path: path, row: row)
                if await !listing.send(with: client, timeout: timeout) { delivered = false }
            }
            if !delivered { changed(database) }
        }
    }

    /// The account row of a container database: its totals now, or a deletion.
    static func row(of database: ListingDatabase) throws -> (ObjectPath, ListingRow) {
        let status = try database.status()
        let path = try ListingServer.path(of: status.path)
        let totals = try database.totals()
        let now = ObjectTimestamp.now().description
        let row = ListingRow(
            name: path.container ?? "", timestamp: now, bytes: status.exists ? totals.bytes : 0,
            count: status.exists ? totals.rows : 0, deleted: !status.exists)
        return (ObjectPath(account: path.account, container: path.container), row)
    }
}
