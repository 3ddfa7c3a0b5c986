import Foundation
import GRDB
import KumoRPC
import KumoStore

extension PlacementStore {
    /// Claims `allocation.host`'s resources for `allocation.consumer`, replacing any allocation the consumer held.
    ///
    /// Atomic across processes: in one `BEGIN IMMEDIATE` transaction it re-checks that the host still has
    /// room (reserved amounts and allocation ratios included) and that the server group's hard affinity or
    /// anti-affinity holds given where its other members are, then records the allocation.
    public func claim(_ allocation: Allocation) async throws -> ClaimResult {
        switch try await database.pool.writeWithoutTransaction({ db in try Self.claim(allocation, db) }) {
        case .claimed: .claimed
        case .refused(let reason): .refused(reason)
        }
    }

    /// Frees what `consumer` holds; returns the released allocation, nil when it held nothing.
    @discardableResult
    public func release(consumer: String) async throws -> Allocation? {
        try await database.pool.writeWithoutTransaction { db in try Self.release(consumer: consumer, db)?.allocation }
    }

    /// The host `consumer` holds resources on, if any.
    public func allocation(consumer: String) async throws -> String? {
        try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT host FROM allocations WHERE consumer = ?", arguments: [consumer])
        }
    }

    /// The allocations held on `host`, oldest first.
    public func allocations(host: String) async throws -> [Allocation] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM allocations WHERE host = ? ORDER BY created_at, consumer", arguments: [host]
            ).map(Allocation.init(row:))
        }
    }

    /// How many members of server group `groupID` (other than `consumer`) hold resources on each host.
    /// Synchronous, for the scheduler's actor.
    func groupMembers(_ groupID: String, excluding consumer: String) throws -> [String: Int] {
        try database.pool.read { db in try Self.groupMembers(db, groupID, excluding: consumer) }
    }

    /// What a claim did: the change number it was stamped with and the allocation it replaced, or why not.
    enum Commit: Sendable {
        case claimed(seq: Int64, replaced: Allocation?)
        case refused(String)
    }

    /// `claim`, synchronously (for the scheduler's actor), with the change number.
    func commitClaim(_ allocation: Allocation) throws -> Commit {
        try database.pool.writeWithoutTransaction { db in try Self.claim(allocation, db) }
    }

    /// `release`, synchronously (for the scheduler's actor), with the change number.
    func commitRelease(consumer: String) throws -> (allocation: Allocation, seq: Int64)? {
        try database.pool.writeWithoutTransaction { db in try Self.release(consumer: consumer, db) }
    }

    private static func claim(_ allocation: Allocation, _ db: Database) throws -> Commit {
        do {
            return try transaction(db) { db, seq in .claimed(seq: seq, replaced: try insert(allocation, db, seq: seq)) }
        } catch let refusal as Refusal {
            return .refused(refusal.reason)
        }
    }

    private static func release(consumer: String, _ db: Database) throws -> (allocation: Allocation, seq: Int64)? {
        try transaction(db) { db, seq in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM allocations WHERE consumer = ?"), arguments: [consumer])
            else { return nil }
            let allocation = Allocation(row: row)
            try db.cachedStatement(sql: "DELETE FROM allocations WHERE consumer = ?").execute(arguments: [consumer])
            try touch(allocation.host, db, seq: seq)
            return (allocation, seq)
        }
    }

    /// Inserts `allocation` after the checks; returns the consumer's previous allocation, which it replaced.
    private static func insert(_ allocation: Allocation, _ db: Database, seq: Int64) throws -> Allocation? {
        let previous = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM allocations WHERE consumer = ?"), arguments: [allocation.consumer]
        ).map(Allocation.init(row:))
        if let previous {
            try db.cachedStatement(sql: "DELETE FROM allocations WHERE consumer = ?").execute(arguments: [allocation.consumer])
            try touch(previous.host, db, seq: seq)
        }
        guard let provider = try ResourceProvider.fetchAll(db, where: "p.host = ?", [allocation.host]).first else {
            throw Refusal("host \(allocation.host) has no resource provider")
        }
        for (inventory, requested, unit, name) in [
            (provider.vcpus, allocation.vcpus, "vCPU", "vCPUs"),
            (provider.memoryMB, allocation.memoryMB, "MiB", "RAM"),
            (provider.diskGB, allocation.diskGB, "GiB", "disk"),
        ] where requested > inventory.free {
            throw Refusal("\(allocation.host) lacks \(name) for \(requested) \(unit): \(inventory.describe(unit: unit))")
        }
        if let group = allocation.serverGroup {
            let members = try groupMembers(db, group.id, excluding: allocation.consumer)
            if let violation = group.violation(placingOn: allocation.host, members: members) {
                throw Refusal("\(allocation.host): \(violation)")
            }
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO allocations (
                    consumer, host, vcpus, memory_mb, disk_gb, project_id, server_group_id, server_group_policy, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                allocation.consumer, allocation.host, allocation.vcpus, allocation.memoryMB, allocation.diskGB,
                allocation.projectID, allocation.serverGroup?.id, allocation.serverGroup?.policy.rawValue,
                allocation.createdAt.timeIntervalSince1970,
            ])
        try touch(allocation.host, db, seq: seq)
        return previous
    }

    private static func touch(_ host: String, _ db: Database, seq: Int64) throws {
        try db.cachedStatement(sql: "UPDATE providers SET generation = generation + 1, change_seq = ? WHERE host = ?")
            .execute(arguments: [seq, host])
    }

    private static func groupMembers(_ db: Database, _ groupID: String, excluding consumer: String) throws -> [String: Int] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT host, COUNT(*) AS members FROM allocations WHERE server_group_id = ? AND consumer != ? GROUP BY host"),
            arguments: [groupID, consumer])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["host"], $0["members"]) })
    }

    /// Why a claim was refused; thrown inside the transaction so that it rolls back.
    private struct Refusal: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

extension Allocation {
    init(row: Row) {
        let groupID: String? = row["server_group_id"]
        let policy = (row["server_group_policy"] as String?).flatMap(ServerGroupSpec.Policy.init(rawValue:))
        self.init(
            consumer: row["consumer"], host: row["host"], vcpus: row["vcpus"], memoryMB: row["memory_mb"],
            diskGB: row["disk_gb"], projectID: row["project_id"],
            serverGroup: groupID.flatMap { id in policy.map { ServerGroupSpec(id: id, policy: $0) } },
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
