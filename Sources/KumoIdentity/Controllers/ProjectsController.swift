import GRDB
import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// `/v3/projects`: admin manages projects; a member may read its own project.
struct ProjectsController {
    let service: IdentityService

    func register(on router: Router<KumoRequestContext>) {
        let group = router.group("v3/projects")
        group.get { request, context in
            try AccessPolicy.admin(context)
            let projects = try await service.store.list(
                ProjectRecord.self, matching: request, filters: ["name", "domain_id", "enabled"], order: "name")
            return JSONResponse(
                Listing(key: "projects", items: projects.map { ProjectView($0, base: service.base) },
                        url: "\(service.base)/v3/projects"))
        }
        group.post { request, context in
            try AccessPolicy.admin(context)
            let body = try await request.decodeJSON(as: Requests.ProjectBody.self, context: context, reader: .keystone)
            let name = try validName(body.project.name, of: "project")
            let project = ProjectRecord(
                id: newIdentifier(), name: name, domainID: body.project.domain_id ?? Bootstrap.defaultDomainID,
                description: body.project.description ?? "", enabled: body.project.enabled ?? true)
            try await service.store.insert(
                project, inDomain: project.domainID,
                duplicate: "Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : \(name).")
            return JSONResponse(["project": ProjectView(project, base: service.base)], status: .created)
        }
        group.get(":id") { _, context in
            let id = try context.parameters.require("id")
            try AccessPolicy.adminOr(context) { $0.projectID == id }
            let project = try await service.store.fetch(ProjectRecord.self, id: id, kind: "project")
            return JSONResponse(["project": ProjectView(project, base: service.base)])
        }
        group.patch(":id") { request, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            let fields = try await request.decodeJSON(
                as: Update<Requests.ProjectBody.Fields>.self, context: context, reader: .keystone
            ).fields
            if let name = fields.name { _ = try validName(name, of: "project") }
            let project = try await service.store.update(
                ProjectRecord.self, id: id, kind: "project",
                duplicate: "Conflict occurred attempting to store project - duplicate name \(fields.name ?? "").")
            { project in
                project.name = fields.name ?? project.name
                project.description = fields.description ?? project.description
                project.enabled = fields.enabled ?? project.enabled
            }
            if !project.enabled { await service.revoke(.project(id: id)) }
            return JSONResponse(["project": ProjectView(project, base: service.base)])
        }
        group.delete(":id") { _, context in
            try AccessPolicy.admin(context)
            let id = try context.parameters.require("id")
            try await service.store.delete(ProjectRecord.self, id: id, kind: "project") { db in
                try AssignmentRecord.filter(Column("target_type") == "project" && Column("target_id") == id).deleteAll(db)
            }
            await service.revoke(.project(id: id))
            return Response(status: .noContent)
        }
    }
}

/// `{"<key>": [...], "links": {...}}`, Keystone's list body.
struct Listing<Item: Encodable & Sendable>: Encodable, Sendable {
    let key: String
    let items: [Item]
    let url: String

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: key))
        try container.encode(Links(url), forKey: Key(stringValue: "links"))
    }
}
