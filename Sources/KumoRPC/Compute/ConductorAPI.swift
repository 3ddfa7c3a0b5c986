import KumoBus

/// The bus contract of the conductor, the only writer of instance state on behalf of compute agents
/// and the scheduler, and the keeper of compute hosts' resource reports.
public enum ConductorAPI {
    public static let topic = "conductor"

    /// A state change of an instance, with the instance action event it belongs to, if any.
    public static let instanceUpdate = RPCMethod<InstanceUpdate, Empty>("conductor.instance_update")
    /// A build that failed on a host (or found no host): retried elsewhere or put in ERROR with its fault.
    public static let buildFailed = RPCMethod<BuildFailure, Empty>("conductor.build_failed")
    /// A compute host's periodic report of its resources and hypervisor.
    public static let hostReport = RPCMethod<HostReport, Empty>("conductor.host_report")
    /// Called by a compute agent as it starts: the instances the cloud believes are on its host.
    public static let hostInstances = RPCMethod<HostInstancesRequest, HostInstances>("conductor.host_instances")

    public struct InstanceUpdate: Codable, Sendable, Equatable {
        public var uuid: String
        public var host: String?
        public var vmState: VMState?
        /// nil: unchanged; `.idle`: cleared.
        public var taskState: TaskState?
        public var powerState: PowerState?
        /// The update applies only while the task state is one of these (nil: whatever it is).
        public var expectedTaskStates: [TaskState]?
        /// Marks the instance deleted and frees its claimed resources.
        public var deleted: Bool
        public var event: ActionEvent?

        public init(
            uuid: String, host: String? = nil, vmState: VMState? = nil, taskState: TaskState? = nil,
            powerState: PowerState? = nil, expectedTaskStates: [TaskState]? = nil, deleted: Bool = false,
            event: ActionEvent? = nil
        ) {
            self.uuid = uuid
            self.host = host
            self.vmState = vmState
            self.taskState = taskState
            self.powerState = powerState
            self.expectedTaskStates = expectedTaskStates
            self.deleted = deleted
            self.event = event
        }
    }

    /// One step of an instance action (`os-instance-actions`), e.g. `compute_build_and_run_instance`.
    public struct ActionEvent: Codable, Sendable, Equatable {
        public enum Result: String, Codable, Sendable {
            case success = "Success"
            case error = "Error"
        }

        public var requestID: String
        public var name: String
        public var host: String?
        /// nil while the event runs (its start); set when it finishes.
        public var result: Result?
        public var details: String?

        public init(requestID: String, name: String, host: String? = nil, result: Result? = nil, details: String? = nil) {
            self.requestID = requestID
            self.name = name
            self.host = host
            self.result = result
            self.details = details
        }
    }

    public struct BuildFailure: Codable, Sendable, Equatable {
        public var instance: InstanceSpec
        public var requestID: String
        public var attempt: Int
        /// Every host tried so far, the failing one included (empty when no host fit).
        public var triedHosts: [String]
        /// Readable reason, shown in the instance's fault when no retry is left.
        public var message: String
        /// false when another host cannot help (no host fits, bad image…).
        public var retryable: Bool

        public init(
            instance: InstanceSpec, requestID: String, attempt: Int, triedHosts: [String], message: String,
            retryable: Bool
        ) {
            self.instance = instance
            self.requestID = requestID
            self.attempt = attempt
            self.triedHosts = triedHosts
            self.message = message
            self.retryable = retryable
        }
    }

    public struct HostReport: Codable, Sendable, Equatable {
        public var host: String
        public var availabilityZone: String
        public var hostIP: String
        public var vcpus: Int
        public var memoryMB: Int
        public var diskGB: Int
        /// Memory and disk kept for the host itself, out of what guests may claim.
        public var reservedMemoryMB: Int
        public var reservedDiskGB: Int
        /// `QEMU`; the libvirt domain type in use is `virtType` (`kvm` or `qemu`).
        public var hypervisorType: String
        public var hypervisorVersion: Int
        public var virtType: String
        /// Why `virtType` was chosen (e.g. "virt_type auto: /dev/kvm cannot run Linux guests (no VT-x/SVM)").
        public var virtTypeReason: String
        public var cpuArchitecture: String
        public var runningVMs: Int
        /// The host's `uptime` line (`" 17:40:01 up 3 days,  2:01,  0 users,  load average: 0.10, 0.20, 0.30"`).
        public var uptime: String

        public init(
            host: String, availabilityZone: String, hostIP: String, vcpus: Int, memoryMB: Int, diskGB: Int,
            reservedMemoryMB: Int, reservedDiskGB: Int, hypervisorType: String, hypervisorVersion: Int, virtType: String, virtTypeReason: String,
            cpuArchitecture: String, runningVMs: Int, uptime: String
        ) {
            self.host = host
            self.availabilityZone = availabilityZone
            self.hostIP = hostIP
            self.vcpus = vcpus
            self.memoryMB = memoryMB
            self.diskGB = diskGB
            self.reservedMemoryMB = reservedMemoryMB
            self.reservedDiskGB = reservedDiskGB
            self.hypervisorType = hypervisorType
            self.hypervisorVersion = hypervisorVersion
            self.virtType = virtType
            self.virtTypeReason = virtTypeReason
            self.cpuArchitecture = cpuArchitecture
            self.runningVMs = runningVMs
            self.uptime = uptime
        }
    }

    public struct HostInstancesRequest: Codable, Sendable, Equatable {
        public var host: String

        public init(host: String) { self.host = host }
    }

    /// An instance assigned to a host, with the state the cloud has for it.
    public struct HostInstance: Codable, Sendable, Equatable {
        public var instance: InstanceSpec
        public var vmState: VMState
        public var taskState: TaskState
        public var powerState: PowerState

        public init(instance: InstanceSpec, vmState: VMState, taskState: TaskState, powerState: PowerState) {
            self.instance = instance
            self.vmState = vmState
            self.taskState = taskState
            self.powerState = powerState
        }
    }

    public struct HostInstances: Codable, Sendable, Equatable {
        public var instances: [HostInstance]

        public init(instances: [HostInstance]) { self.instances = instances }
    }
}
