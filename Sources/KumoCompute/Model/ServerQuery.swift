import Foundation
import KumoCore
import KumoHTTP
import KumoRPC

/// The filters and page of `GET /servers[/detail]`.
struct ServerQuery: Sendable {
    var projectID: String?
    var vmStates: [VMState]?
    var host: String?
    var name: String?
    var imageID: String?
    var flavorID: String?
    var reservationID: String?
    var includeDeleted = false
    var marker: String?
    var limit = 1000

    /// Reads the query string: a non-admin always sees its own project only; an admin sees every
    /// project with `all_tenants` (or one with `project_id`/`tenant_id`).
    init(parameters: [String: String], credentials: Credentials) throws {
        let allTenants = parameters["all_tenants"].map { !["0", "false", "False"].contains($0) } ?? false
        if credentials.isAdmin {
            projectID = allTenants ? (parameters["project_id"] ?? parameters["tenant_id"]) : credentials.projectID
            host = parameters["host"]
            includeDeleted = parameters["deleted"].map { ["1", "true", "True"].contains($0) } ?? false
        } else {
            guard let project = credentials.projectID else {
                throw APIError.forbidden("Listing servers needs a token scoped to a project.")
            }
            projectID = project
        }
        if let status = parameters["status"] {
            guard let states = ServerStatus.vmStates(for: status) else {
                throw APIError.badRequest("Invalid server status: \(status)")
            }
            vmStates = states
        }
        if let state = parameters["vm_state"] {
            guard let vmState = VMState(rawValue: state) else { throw APIError.badRequest("Invalid vm_state: \(state)") }
            vmStates = [vmState]
        }
        name = parameters["name"]
        if let name, (try? NSRegularExpression(pattern: name)) == nil {
            throw APIError.badRequest("Invalid name filter (not a regular expression): \(name)")
        }
        imageID = parameters["image"]
        flavorID = parameters["flavor"]
        reservationID = parameters["reservation_id"]
        marker = parameters["marker"]
        if let text = parameters["limit"] {
            guard let limit = Int(text), limit >= 0 else { throw APIError.badRequest("limit must be a non-negative integer") }
            self.limit = min(limit, 1000)
        }
    }

    /// The filters not done in SQL: name (a regular expression, as in Nova), image and flavor.
    func matches(_ instance: InstanceRecord) -> Bool {
        if let imageID, instance.spec.value.image.id != imageID { return false }
        if let flavorID, instance.spec.value.flavor.id != flavorID { return false }
        if let name {
            guard let expression = try? NSRegularExpression(pattern: name),
                expression.firstMatch(in: instance.name, range: NSRange(instance.name.startIndex..., in: instance.name)) != nil
            else { return false }
        }
        return true
    }
}
