/// What a rebalance did and how good the result is.
public struct RebalanceResult: Sendable, Equatable {
    /// Partition-replicas now on a different device than before (each is data to copy).
    public let moved: Int
    /// Partition-replicas that had no device before (the first rebalance places them all).
    public let placed: Int
    /// The largest deviation of any weighted device's partition-replicas from its weight share,
    /// in percent (a device can hold at most one replica of each partition; overload, dispersion
    /// and `minPartHours` can all leave it above zero).
    public let balance: Double
    /// Percentage of partitions with more replicas in one region, zone, server or device than the
    /// targets need: 0 means every partition is as spread out as the weights allow.
    public let dispersion: Double
    /// The builder's version after the rebalance (unchanged when nothing moved).
    public let version: Int
}
