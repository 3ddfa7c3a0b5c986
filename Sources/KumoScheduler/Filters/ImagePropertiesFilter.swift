import KumoRPC

/// Keeps the hosts whose CPU architecture and hypervisor match the image's `hw_architecture` and
/// `img_hv_type` (or `hypervisor_type`) properties.
struct ImagePropertiesFilter: HostFilter {
    let architecture: String?
    let hypervisorType: String?

    init?(_ request: PlacementRequest) {
        let properties = request.instance.image.properties
        architecture = properties["hw_architecture"].map(Self.canonicalArchitecture)
        hypervisorType = (properties["img_hv_type"] ?? properties["hypervisor_type"])?.lowercased()
        guard architecture != nil || hypervisorType != nil else { return nil }
    }

    func passes(_ host: ResourceProvider) -> Bool { architectureMatches(host) && hypervisorMatches(host) }

    func reason(_ host: ResourceProvider) -> String {
        if !architectureMatches(host), let architecture {
            return "cpu architecture \(host.cpuArchitecture), image wants \(architecture)"
        }
        return "hypervisor \(host.hypervisorType) (virt type \(host.virtType)), image wants \(hypervisorType ?? "")"
    }

    private func architectureMatches(_ host: ResourceProvider) -> Bool {
        architecture.map { $0 == Self.canonicalArchitecture(host.cpuArchitecture) } ?? true
    }

    /// `img_hv_type` may name the hypervisor (`qemu`) or the domain type in use (`kvm`).
    private func hypervisorMatches(_ host: ResourceProvider) -> Bool {
        hypervisorType.map { $0 == host.hypervisorType.lowercased() || $0 == host.virtType.lowercased() } ?? true
    }

    /// The architecture names Nova treats as one (`amd64` is `x86_64`, `arm64` is `aarch64`).
    static func canonicalArchitecture(_ name: String) -> String {
        switch name.lowercased() {
        case "amd64", "x64", "x86-64": "x86_64"
        case "arm64": "aarch64"
        case let other: other
        }
    }
}
