/// No host can take the instance, with every host's reason.
public struct NoValidHost: Error, Sendable, Equatable, CustomStringConvertible {
    /// A host and the first filter that rejected it.
    public struct Rejection: Sendable, Equatable {
        public let host: String
        public let filter: String
        public let reason: String
    }

    /// Rejections listed in full in the message; beyond, counts per filter and the first ones.
    static let listedHosts = 10

    /// What the instance asked for: "8192 MiB RAM, 1 vCPU, 1 GiB disk".
    public let requested: String
    /// One per host, by host name.
    public let rejections: [Rejection]

    /// "No valid host was found for 8192 MiB RAM, 1 vCPU, 1 GiB disk: host1: RAMFilter: 2048 MiB of 3584 MiB
    /// usable free (ratio 1.5); host2: ComputeFilter: disabled (maintenance)".
    public var message: String {
        let head = "No valid host was found for \(requested): "
        guard !rejections.isEmpty else { return head + "no compute host has reported" }
        let listed = rejections.prefix(Self.listedHosts).map { "\($0.host): \($0.filter): \($0.reason)" }
            .joined(separator: "; ")
        guard rejections.count > Self.listedHosts else { return head + listed }
        let counts = Dictionary(rejections.map { ($0.filter, 1) }, uniquingKeysWith: +)
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return head + "\(rejections.count) hosts rejected (\(counts)); first \(Self.listedHosts): \(listed)"
    }

    public var description: String { message }
}
