import Foundation
import Hummingbird
import KumoClient
import KumoCore
import KumoHTTP

/// `/v2/images`: create, list, show, patch and delete images; `actions/deactivate|reactivate` (admin).
struct ImagesController {
    let service: ImageService

    func register(on router: Router<KumoRequestContext>) {
        let images = router.group("v2/images")
        images.post { request, context in try await create(request, context) }
        images.get { request, context in try await list(request, context) }
        images.get(":id") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            return JSONResponse(ImageView.image(try await service.store.image(try context.parameters.require("id"), seenBy: credentials)))
        }
        images.patch(":id") { request, context in try await update(request, context) }
        images.delete(":id") { _, context in try await delete(try context.parameters.require("id"), context) }
        for (action, event) in [("deactivate", ImageStatus.Event.deactivate), ("reactivate", .reactivate)] {
            images.post(":id/actions/\(action)") { _, context in
                let credentials = try AccessPolicy.admin(context)
                _ = try await service.store.modify(try context.parameters.require("id"), as: credentials) { image in
                    image.record.status = try image.record.status.after(event)
                }
                return Response(status: .noContent)
            }
        }
    }

    /// `POST /v2/images`: a `queued` image owned by the caller's project.
    private func create(_ request: Request, _ context: KumoRequestContext) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        guard let project = credentials.projectID else {
            throw APIError.forbidden("Creating an image needs a token scoped to a project.")
        }
        try AccessPolicy.project(project, .write, context)
        let body = try await request.decodeJSON(as: [String: JSONValue].self, context: context)
        let defaults = ImageAttributes(owner: project)
        var attributes = defaults
        var id = UUID().uuidString.lowercased()
        for (key, value) in body.sorted(by: { $0.key < $1.key }) {
            guard key == "id" else {
                try attributes.set(key, to: value)
                continue
            }
            guard let text = value.string, UUID(uuidString: text) != nil else {
                throw APIError.badRequest("Provided object does not match schema 'image': id is not a UUID.")
            }
            id = text.lowercased()
        }
        try attributes.checkChange(from: defaults, status: .queued, by: credentials)
        let image = Image(id: id, attributes: attributes)
        try await service.store.insert(image)
        return JSONResponse(
            ImageView.image(image), status: .created, headers: [.location: "\(service.settings.publicURL)/v2/images/\(id)"])
    }

    /// `GET /v2/images`: a page of images with `first`, and `next` when more may follow.
    private func list(_ request: Request, _ context: KumoRequestContext) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        let parameters = ImageQuery.parameters(fromQuery: request.uri.query)
        let query = try ImageQuery(parameters: parameters)
        let images = try await service.store.list(query, for: credentials)
        let kept = parameters.filter { $0.0 != "marker" }
        var body: [String: JSONValue] = [
            "images": .array(images.map(ImageView.image)), "schema": "/v2/schemas/images",
            "first": .string(Self.link(kept)),
        ]
        if images.count == query.limit, let last = images.last {
            body["next"] = .string(Self.link(kept + [("marker", last.id)]))
        }
        return JSONResponse(.object(body))
    }

    /// `/v2/images?a=b&…`.
    static func link(_ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return "/v2/images" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:,")
        let query = parameters.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)="
                + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)
        }
        return "/v2/images?" + query.joined(separator: "&")
    }

    /// `PATCH /v2/images/{id}` with a JSON patch.
    private func update(_ request: Request, _ context: KumoRequestContext) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        let id = try context.parameters.require("id")
        let document = try await request.decodeJSON(
            as: JSONValue.self, context: context, reader: JSONBodyReader(mediaType: JSONPatch.mediaType))
        let patch = try JSONPatch(parsing: document)
        let image = try await service.store.modify(id, as: credentials) { image in
            let old = ImageAttributes(image)
            var attributes = old
            try patch.apply(to: &attributes)
            try attributes.checkChange(from: old, status: image.record.status, by: credentials)
            image.apply(attributes)
        }
        return JSONResponse(ImageView.image(image))
    }

    /// `DELETE /v2/images/{id}`: gone from the API at once; its objects now, or by the reaper later.
    private func delete(_ id: String, _ context: KumoRequestContext) async throws -> Response {
        let credentials = try AccessPolicy.authenticated(context)
        _ = try await service.store.markDeleted(id, as: credentials)
        if await service.objects.removeAll(prefix: id + "/") {
            try await uncancelled { [store = service.store] in try await store.remove(id) }
        }
        return Response(status: .noContent)
    }
}
