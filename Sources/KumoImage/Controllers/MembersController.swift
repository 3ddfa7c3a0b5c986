import Hummingbird
import KumoClient
import KumoHTTP

/// `/v2/images/{id}/members`: the owner of a `shared` image adds and removes projects; each project
/// accepts or rejects (`PUT …/members/{project}`) for itself.
struct MembersController {
    let service: ImageService

    struct NewMember: Decodable, Sendable {
        var member: String
    }

    struct Answer: Decodable, Sendable {
        var status: MemberStatus
    }

    func register(on router: Router<KumoRequestContext>) {
        let members = router.group("v2/images/:id/members")
        members.post { request, context in
            let credentials = try AccessPolicy.authenticated(context)
            let body = try await request.decodeJSON(as: NewMember.self, context: context)
            guard !body.member.isEmpty else { throw APIError.badRequest("The member must be a project id.") }
            let member = try await service.store.addMember(
                try context.parameters.require("id"), memberID: body.member, as: credentials)
            return JSONResponse(ImageView.member(member))
        }
        members.get { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let list = try await service.store.members(try context.parameters.require("id"), as: credentials)
            return JSONResponse(["members": .array(list.map(ImageView.member)), "schema": "/v2/schemas/members"] as JSONValue)
        }
        members.get(":member") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let member = try await service.store.member(
                try context.parameters.require("id"), memberID: try context.parameters.require("member"), as: credentials)
            return JSONResponse(ImageView.member(member))
        }
        members.put(":member") { request, context in
            let credentials = try AccessPolicy.authenticated(context)
            let answer = try await request.decodeJSON(as: Answer.self, context: context)
            let member = try await service.store.answer(
                try context.parameters.require("id"), memberID: try context.parameters.require("member"),
                status: answer.status, as: credentials)
            return JSONResponse(ImageView.member(member))
        }
        members.delete(":member") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            try await service.store.removeMember(
                try context.parameters.require("id"), memberID: try context.parameters.require("member"), as: credentials)
            return Response(status: .noContent)
        }
    }
}
