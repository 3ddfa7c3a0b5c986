import KumoRPC

extension ServerGroupSpec {
    /// Whether a new member may go to `host` under a hard policy, given how many other members each host holds.
    func allows(_ host: String, members: [String: Int]) -> Bool {
        switch policy {
        case .affinity: members.isEmpty || members[host] != nil
        case .antiAffinity: members[host] == nil
        case .softAffinity, .softAntiAffinity: true
        }
    }

    /// Why a new member may not go to `host`; nil when it may.
    func violation(placingOn host: String, members: [String: Int]) -> String? {
        guard !allows(host, members: members) else { return nil }
        return policy == .affinity
            ? "server group \(id) (affinity) has its members on \(members.keys.sorted().joined(separator: ", "))"
            : "server group \(id) (\(policy.rawValue)) already has a member here"
    }
}
