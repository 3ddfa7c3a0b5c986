import KumoBus

/// The bus contract of the scheduler: place an instance on a host, claim its resources there and
/// hand it to that host's compute agent (or report why no host fits to the conductor).
public enum SchedulerAPI {
    public static let topic = "scheduler"

    /// Cast by compute-api for a new instance and by the conductor to retry a failed build elsewhere.
    public static let scheduleInstance = RPCMethod<ScheduleRequest, Empty>("scheduler.schedule_instance")

    /// One placement to make.
    public struct ScheduleRequest: Codable, Sendable, Equatable {
        public var instance: InstanceSpec
        /// The request that created the instance (its instance action's `request_id`).
        public var requestID: String
        /// 1 for the first try; each retry after a failed build adds one.
        public var attempt: Int
        /// Hosts already tried (and failed) for this instance.
        public var ignoreHosts: [String]

        public init(instance: InstanceSpec, requestID: String, attempt: Int = 1, ignoreHosts: [String] = []) {
            self.instance = instance
            self.requestID = requestID
            self.attempt = attempt
            self.ignoreHosts = ignoreHosts
        }
    }
}
