import KumoClient

/// The rows of `kumo hypervisor list`: usage as `used/total`.
enum HypervisorFields {
    static let headers = [
        "ID", "Hypervisor Hostname", "Hypervisor Type", "State", "Status", "vCPUs (used/total)",
        "Memory MiB (used/total)", "Running VMs",
    ]

    static func row(_ hypervisor: [String: JSONValue]) -> [String] {
        func cell(_ key: String) -> String { hypervisor[key]?.cellText ?? "" }
        return [
            cell("id"), cell("hypervisor_hostname"), cell("hypervisor_type"), cell("state"), cell("status"),
            "\(cell("vcpus_used"))/\(cell("vcpus"))", "\(cell("memory_mb_used"))/\(cell("memory_mb"))",
            cell("running_vms"),
        ]
    }
}
