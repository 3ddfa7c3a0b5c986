import KumoBus

/// The bus contract of a compute agent (`kumod compute --host NAME`), on topic `compute.NAME`.
public enum ComputeAgentAPI {
    public static func topic(host: String) -> String { "compute.\(host)" }

    /// Cast by the scheduler once the instance's resources are claimed on this host.
    public static let buildInstance = RPCMethod<BuildInstance, Empty>("compute.build_instance")
    /// Cast by compute-api: a power action or deletion of an instance on this host.
    public static let instanceAction = RPCMethod<InstanceAction, Empty>("compute.instance_action")
    /// Called by compute-api: the tail of the instance's serial console log.
    public static let consoleOutput = RPCMethod<ConsoleOutputRequest, ConsoleOutput>("compute.console_output")

    public struct BuildInstance: Codable, Sendable, Equatable {
        public var instance: InstanceSpec
        public var requestID: String
        public var attempt: Int
        /// Hosts that failed before, this one not included.
        public var triedHosts: [String]

        public init(instance: InstanceSpec, requestID: String, attempt: Int, triedHosts: [String]) {
            self.instance = instance
            self.requestID = requestID
            self.attempt = attempt
            self.triedHosts = triedHosts
        }
    }

    public struct InstanceAction: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case start, stop, rebootSoft = "reboot_soft", rebootHard = "reboot_hard"
            case pause, unpause, suspend, resume, delete
        }

        public var uuid: String
        public var kind: Kind
        public var requestID: String

        public init(uuid: String, kind: Kind, requestID: String) {
            self.uuid = uuid
            self.kind = kind
            self.requestID = requestID
        }
    }

    public struct ConsoleOutputRequest: Codable, Sendable, Equatable {
        public var uuid: String
        /// Last lines to return; nil for the whole log.
        public var length: Int?

        public init(uuid: String, length: Int?) {
            self.uuid = uuid
            self.length = length
        }
    }

    public struct ConsoleOutput: Codable, Sendable, Equatable {
        public var output: String

        public init(output: String) { self.output = output }
    }
}
