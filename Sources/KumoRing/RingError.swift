/// What can go wrong building, saving, loading or reading a ring; each case names the value or
/// path involved.
public enum RingError: Error, Equatable, CustomStringConvertible {
    /// The partition power is outside 1...24.
    case badPartPower(Int)
    /// The replica count is outside 1...`RingBuilder.maxReplicas`.
    case badReplicaCount(Int)
    /// A builder setting (min part hours, overload) is out of range.
    case badSetting(name: String, reason: String)
    /// A device's fields are invalid (empty name, bad port, negative weight…).
    case invalidDevice(String)
    /// No device in the builder has this id.
    case unknownDevice(id: Int)
    /// Another device already has this ip, port and device name.
    case duplicateDevice(ip: String, port: Int, device: String, existingID: Int)
    /// Every device id that fits the ring table (0..<65535) has been used.
    case tooManyDevices
    /// The builder has no devices at all.
    case noDevices
    /// Fewer devices with weight above zero than replicas, so replicas would have to share a device.
    case notEnoughDevices(replicas: Int, weighted: Int)
    /// The builder was never rebalanced, so it has no partition assignment to make a ring from.
    case notRebalanced
    /// Neither a hash path prefix nor a suffix was given.
    case missingHashPathSecret
    /// A ring file (or ring bytes, when `path` is nil) is not a valid ring.
    case corruptRingFile(path: String?, reason: String)
    /// A builder file is not a valid builder.
    case corruptBuilderFile(path: String, reason: String)
    /// A file operation failed.
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .badPartPower(let power):
            "partition power \(power) is out of range (1...24)"
        case .badReplicaCount(let replicas):
            "replica count \(replicas) is out of range (1...\(RingBuilder.maxReplicas))"
        case .badSetting(let name, let reason):
            "invalid \(name): \(reason)"
        case .invalidDevice(let reason):
            "invalid device: \(reason)"
        case .unknownDevice(let id):
            "no device with id \(id) in the ring builder"
        case .duplicateDevice(let ip, let port, let device, let existingID):
            "device \(ip):\(port)/\(device) already exists with id \(existingID)"
        case .tooManyDevices:
            "the ring builder has used every device id (0..<65535)"
        case .noDevices:
            "the ring builder has no devices"
        case .notEnoughDevices(let replicas, let weighted):
            "\(replicas) replicas need at least \(replicas) devices with weight above zero; there are \(weighted)"
        case .notRebalanced:
            "the ring builder has never been rebalanced"
        case .missingHashPathSecret:
            "a hash path prefix or suffix (or both) must be set"
        case .corruptRingFile(let path, let reason):
            if let path { "corrupt ring file \(path): \(reason)" } else { "corrupt ring data: \(reason)" }
        case .corruptBuilderFile(let path, let reason):
            "corrupt ring builder file \(path): \(reason)"
        case .io(let path, let operation, let reason):
            "cannot \(operation) \(path): \(reason)"
        }
    }
}
