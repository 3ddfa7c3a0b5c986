import Foundation
import KumoRPC

/// Resources an instance (the consumer) holds on a host, and the server group it belongs to.
public struct Allocation: Sendable, Equatable {
    public var consumer: String
    public var host: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    public var projectID: String
    public var serverGroup: ServerGroupSpec?
    public var createdAt: Date

    public init(
        consumer: String, host: String, vcpus: Int, memoryMB: Int, diskGB: Int, projectID: String,
        serverGroup: ServerGroupSpec? = nil, createdAt: Date = Date()
    ) {
        self.consumer = consumer
        self.host = host
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
        self.projectID = projectID
        self.serverGroup = serverGroup
        self.createdAt = createdAt
    }
}

/// The outcome of `PlacementStore.claim(_:)`.
public enum ClaimResult: Sendable, Equatable {
    case claimed
    /// The host lacks room or the claim would break the server group's policy; the reason says which.
    case refused(String)
}
