import KumoRPC

extension InstanceSpec {
    /// An instance of a 1-vCPU, 256 MiB flavor on image `img-1`, with the given hostile-or-not strings.
    static func fixture(
        uuid: String = "7c9e6679-7425-40de-944b-e07fc1f90ae7", name: String = "web-1", projectID: String = "p-1",
        userData: String? = nil, metadata: [String: String] = [:], keyName: String? = nil, publicKey: String? = nil,
        flavorName: String = "m1.tiny", rootGB: Int = 0
    ) -> InstanceSpec {
        InstanceSpec(
            uuid: uuid, name: name, hostname: "web-1", projectID: projectID, userID: "u-1",
            flavor: FlavorSpec(id: "f-1", name: flavorName, vcpus: 1, memoryMB: 256, rootGB: rootGB),
            image: ImageSpec(id: "img-1", diskFormat: "qcow2"), userData: userData, metadata: metadata,
            keyName: keyName, publicKey: publicKey, availabilityZone: "nova")
    }
}
