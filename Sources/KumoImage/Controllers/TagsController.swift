import Hummingbird
import KumoHTTP

/// `/v2/images/{id}/tags/{tag}`: the owner adds (PUT) and removes (DELETE) one tag; 204 both.
struct TagsController {
    let service: ImageService

    func register(on router: Router<KumoRequestContext>) {
        router.put("v2/images/:id/tags/:tag") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let tag = try context.parameters.require("tag")
            guard tag.count <= ImageAttributes.maxLength else {
                throw APIError.badRequest("Tags have at most \(ImageAttributes.maxLength) characters.")
            }
            _ = try await service.store.modify(try context.parameters.require("id"), as: credentials) { image in
                guard !image.tags.contains(tag) else { return }
                guard image.tags.count < ImageAttributes.maxTags else {
                    throw APIError(.contentTooLarge, "Maximum number of tags (\(ImageAttributes.maxTags)) exceeded.")
                }
                image.tags.append(tag)
            }
            return Response(status: .noContent)
        }
        router.delete("v2/images/:id/tags/:tag") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let tag = try context.parameters.require("tag")
            _ = try await service.store.modify(try context.parameters.require("id"), as: credentials) { image in
                guard let index = image.tags.firstIndex(of: tag) else { throw APIError.notFound("Tag \(tag) not found.") }
                image.tags.remove(at: index)
            }
            return Response(status: .noContent)
        }
    }
}
