import KumoConfig
import KumoRuntime

/// Settings of the scheduler (table `[scheduler]`) and what it needs of `[services]`.
public struct SchedulerSettings: Sendable, Equatable {
    /// How the hosts that pass the filters are ranked.
    public enum Weigher: String, Sendable, CaseIterable {
        /// The host with the most free RAM first.
        case spread
        /// The host with the least free RAM that still fits first.
        case stack
    }

    public var weigher: Weigher
    public var cpuAllocationRatio: Double
    public var ramAllocationRatio: Double
    public var diskAllocationRatio: Double
    /// Hosts tried for one boot before the instance goes to ERROR.
    public var maxAttempts: Int
    /// A host whose last report is older than this is down.
    public var downAfterSeconds: Int

    public init(
        weigher: Weigher = .spread, cpuAllocationRatio: Double = 16, ramAllocationRatio: Double = 1.5,
        diskAllocationRatio: Double = 1, maxAttempts: Int = 3, downAfterSeconds: Int = 60
    ) {
        self.weigher = weigher
        self.cpuAllocationRatio = cpuAllocationRatio
        self.ramAllocationRatio = ramAllocationRatio
        self.diskAllocationRatio = diskAllocationRatio
        self.maxAttempts = maxAttempts
        self.downAfterSeconds = downAfterSeconds
    }

    public init(_ settings: KumoSettings) throws {
        let reader = settings.reader
        let name = try reader.string("scheduler.weigher")
        guard let weigher = Weigher(rawValue: name) else {
            throw ConfigError("configuration key 'scheduler.weigher' must be spread or stack, not \(name)")
        }
        self.init(
            weigher: weigher,
            cpuAllocationRatio: try reader.double("scheduler.cpu_allocation_ratio", in: 0.01...1000),
            ramAllocationRatio: try reader.double("scheduler.ram_allocation_ratio", in: 0.01...1000),
            diskAllocationRatio: try reader.double("scheduler.disk_allocation_ratio", in: 0.01...1000),
            maxAttempts: try reader.int("scheduler.max_attempts", in: 1...100),
            downAfterSeconds: try reader.int("services.down_after_seconds", in: 1...86_400))
    }
}
