import Foundation
import GRDB

extension ResourceProvider {
    /// Providers matching `condition` (on `p`, the providers table), with their usage summed from allocations.
    /// The statement is cached per connection: `condition` must be one of a few constant strings.
    ///
    /// - Parameter index: the providers index to find them with. Without statistics SQLite prefers walking
    ///   all providers in host order (the grouping's) to an index on the condition's column.
    static func fetchAll(
        _ db: Database, where condition: String = "1", _ arguments: StatementArguments = [], index: String? = nil
    ) throws -> [ResourceProvider] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT p.rowid AS id, p.*, COALESCE(SUM(a.vcpus), 0) AS used_vcpus, COALESCE(SUM(a.memory_mb), 0) AS used_memory_mb,
                        COALESCE(SUM(a.disk_gb), 0) AS used_disk_gb, COUNT(a.consumer) AS allocation_count
                    FROM providers p \(index.map { "INDEXED BY \($0)" } ?? "") LEFT JOIN allocations a ON a.host = p.host
                    WHERE \(condition) GROUP BY p.host ORDER BY p.host
                    """),
            arguments: arguments
        ).map(ResourceProvider.init(row:))
    }

    init(row: Row) {
        self.init(
            id: row["id"], host: row["host"], uuid: row["uuid"], availabilityZone: row["availability_zone"], hostIP: row["host_ip"],
            hypervisorType: row["hypervisor_type"], hypervisorVersion: row["hypervisor_version"],
            virtType: row["virt_type"], virtTypeReason: row["virt_type_reason"], uptime: row["uptime"], cpuArchitecture: row["cpu_architecture"],
            vcpus: Inventory(total: row["vcpus"], allocationRatio: row["cpu_allocation_ratio"], used: row["used_vcpus"]),
            memoryMB: Inventory(
                total: row["memory_mb"], reserved: row["reserved_memory_mb"], allocationRatio: row["ram_allocation_ratio"],
                used: row["used_memory_mb"]),
            diskGB: Inventory(
                total: row["disk_gb"], reserved: row["reserved_disk_gb"], allocationRatio: row["disk_allocation_ratio"],
                used: row["used_disk_gb"]),
            allocationCount: row["allocation_count"], enabled: row["enabled"], disabledReason: row["disabled_reason"],
            lastReport: Date(timeIntervalSince1970: row["last_report"]), generation: row["generation"])
    }
}
