import KumoRPC

/// Keeps the hosts whose CPU architecture and hypervisor match the image's `hw_architecture` and
/// `img_hv_type` (or `hypervisor_type`) properties, ignoring case.
struct ImagePropertiesFilter: HostFilter {
    /// The spellings of the wanted architecture (`x86_64` is also `amd64`…).
    let architectures: [String]?
    /// The wanted hypervisor: the hypervisor's name (`qemu`) or the domain type in use (`kvm`).
    let hypervisorType: String?

    /// Spellings Nova treats as one architecture.
    static let aliases = [["x86_64", "amd64", "x64", "x86-64"], ["aarch64", "arm64"]]

    init?(_ request: PlacementRequest) {
        let properties = request.instance.image.properties
        architectures = properties["hw_architecture"].map { wanted in
            Self.aliases.first { $0.contains { $0.equalsIgnoringASCIICase(wanted) } } ?? [wanted]
        }
        hypervisorType = properties["img_hv_type"] ?? properties["hypervisor_type"]
        guard architectures != nil || hypervisorType != nil else { return nil }
    }

    func passes(_ host: UnsafePointer<ResourceProvider>) -> Bool {
        architectureMatches(host.pointee.cpuArchitecture)
            && hypervisorMatches(host.pointee.hypervisorType, host.pointee.virtType)
    }

    func reason(_ host: ResourceProvider) -> String {
        if let architectures, !architectureMatches(host.cpuArchitecture) {
            return "cpu architecture \(host.cpuArchitecture), image wants \(architectures[0])"
        }
        return "hypervisor \(host.hypervisorType) (virt type \(host.virtType)), image wants \(hypervisorType ?? "")"
    }

    private func architectureMatches(_ architecture: String) -> Bool {
        architectures?.contains { architecture.equalsIgnoringASCIICase($0) } ?? true
    }

    private func hypervisorMatches(_ hypervisor: String, _ virtType: String) -> Bool {
        hypervisorType.map { hypervisor.equalsIgnoringASCIICase($0) || virtType.equalsIgnoringASCIICase($0) } ?? true
    }
}

extension String {
    /// Equal but for the case of ASCII letters, without allocating (the filter runs for every host).
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        if self == other { return true }
        func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
        return utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { lower($0) == lower($1) }
    }
}
