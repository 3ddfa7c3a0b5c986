import Foundation
import KumoCore

/// A container's `X-Container-Read` / `X-Container-Write` list: `.r:*` (anyone may read objects),
/// `.rlistings` (anyone may list), `<project_id>:*` or `<project_id>:<user_id>` (that project's users).
struct ContainerACL: Sendable, Equatable {
    var anyoneReads = false
    var anyoneLists = false
    /// `(project, user)` grants; `user` nil for `*`.
    var grants: [(project: String, user: String?)] = []

    init(_ header: String?) {
        for item in (header ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch item {
            case ".r:*": anyoneReads = true
            case ".rlistings": anyoneLists = true
            default:
                let parts = item.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                grants.append((String(parts[0]), parts[1] == "*" ? nil : String(parts[1])))
            }
        }
    }

    /// Whether `credentials` (nil: anonymous) may read objects, or list when `listing`.
    func allows(_ credentials: Credentials?, listing: Bool) -> Bool {
        if listing ? anyoneLists : anyoneReads { return true }
        return grants(credentials)
    }

    /// Whether `credentials` are named by a project grant.
    func grants(_ credentials: Credentials?) -> Bool {
        guard let credentials, let project = credentials.projectID else { return false }
        return grants.contains { $0.project == project && ($0.user == nil || $0.user == credentials.userID) }
    }

    static func == (lhs: ContainerACL, rhs: ContainerACL) -> Bool {
        lhs.anyoneReads == rhs.anyoneReads && lhs.anyoneLists == rhs.anyoneLists
            && lhs.grants.map { "\($0.project):\($0.user ?? "*")" } == rhs.grants.map { "\($0.project):\($0.user ?? "*")" }
    }
}
