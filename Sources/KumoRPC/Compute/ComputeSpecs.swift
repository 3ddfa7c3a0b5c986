/// A flavor as compute agents and the scheduler see it.
public struct FlavorSpec: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var vcpus: Int
    public var memoryMB: Int
    public var rootGB: Int
    public var ephemeralGB: Int
    public var extraSpecs: [String: String]

    public init(
        id: String, name: String, vcpus: Int, memoryMB: Int, rootGB: Int, ephemeralGB: Int = 0,
        extraSpecs: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.rootGB = rootGB
        self.ephemeralGB = ephemeralGB
        self.extraSpecs = extraSpecs
    }

    /// Disk the flavor claims on a host: root plus ephemeral.
    public var diskGB: Int { rootGB + ephemeralGB }
}

/// An image as compute agents and the scheduler see it (from the image service at boot request).
public struct ImageSpec: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var diskFormat: String?
    public var size: Int?
    public var minDiskGB: Int
    public var minRAMMB: Int
    /// Image properties the scheduler filters on (`hw_architecture`, `img_hv_type`, …).
    public var properties: [String: String]

    public init(
        id: String, name: String? = nil, diskFormat: String? = nil, size: Int? = nil, minDiskGB: Int = 0,
        minRAMMB: Int = 0, properties: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.diskFormat = diskFormat
        self.size = size
        self.minDiskGB = minDiskGB
        self.minRAMMB = minRAMMB
        self.properties = properties
    }
}

/// A server group an instance belongs to, and its policy.
public struct ServerGroupSpec: Codable, Sendable, Equatable {
    public enum Policy: String, Codable, Sendable, CaseIterable {
        case affinity
        case antiAffinity = "anti-affinity"
        case softAffinity = "soft-affinity"
        case softAntiAffinity = "soft-anti-affinity"
    }

    public var id: String
    public var policy: Policy

    public init(id: String, policy: Policy) {
        self.id = id
        self.policy = policy
    }
}

/// Everything needed to place and build one instance.
public struct InstanceSpec: Codable, Sendable, Equatable {
    public var uuid: String
    public var name: String
    public var hostname: String
    public var projectID: String
    public var userID: String
    public var flavor: FlavorSpec
    public var image: ImageSpec
    /// Base64 user data as the API received it.
    public var userData: String?
    public var metadata: [String: String]
    public var keyName: String?
    public var publicKey: String?
    public var availabilityZone: String?
    public var serverGroup: ServerGroupSpec?

    public init(
        uuid: String, name: String, hostname: String, projectID: String, userID: String, flavor: FlavorSpec,
        image: ImageSpec, userData: String? = nil, metadata: [String: String] = [:], keyName: String? = nil,
        publicKey: String? = nil, availabilityZone: String? = nil, serverGroup: ServerGroupSpec? = nil
    ) {
        self.uuid = uuid
        self.name = name
        self.hostname = hostname
        self.projectID = projectID
        self.userID = userID
        self.flavor = flavor
        self.image = image
        self.userData = userData
        self.metadata = metadata
        self.keyName = keyName
        self.publicKey = publicKey
        self.availabilityZone = availabilityZone
        self.serverGroup = serverGroup
    }
}
