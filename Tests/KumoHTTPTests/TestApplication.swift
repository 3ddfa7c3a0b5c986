import Foundation
import HTTPTypes
import Hummingbird
import KumoCore
import KumoHTTP
import Logging

/// A thrown error whose text must never reach a client.
struct LeakyError: Error, CustomStringConvertible {
    var description: String { "open(/var/lib/kumo/secret.db) failed: SQLITE_CANTOPEN" }
}

/// Another module's public error (say `IdentityError.duplicateName`).
struct DuplicateNameError: PublicError {
    var name: String
    var statusCode: Int { 409 }
    var publicMessage: String { "Conflict occurred attempting to store project - name \(name) is taken." }
}

/// A public error of any status.
struct StatusError: PublicError {
    var statusCode: Int
    var publicMessage: String { "m" }
}

struct CreateProject: Decodable {
    struct Project: Decodable {
        var name: String
        var enabled: Bool?
        var tags: [String]?
    }

    var project: Project
}

/// The routes the tests call, on a router made the way services make theirs.
func makeTestApplication(
    style: ErrorBodyStyle,
    reader: JSONBodyReader = JSONBodyReader()
) -> some ApplicationProtocol {
    let router = Router(errorStyle: style)
    router.get("ok") { _, _ in "fine" }
    router.get("request-id") { _, context -> String in
        let logged = context.logger[metadataKey: "request.id"]?.description ?? "-"
        let current = Logger.current[metadataKey: "request.id"]?.description ?? "-"
        return "\(context.requestID) \(logged) \(current)"
    }
    router.get("projects/:id") { _, context -> String in
        throw APIError.notFound(kind: "project", id: try context.parameters.require("id"))
    }
    router.get("conflict") { _, _ -> String in throw DuplicateNameError(name: "demo") }
    router.get("status/:code") { _, context -> String in
        throw StatusError(statusCode: try context.parameters.require("code", as: Int.self))
    }
    router.get("leak") { _, _ -> String in throw LeakyError() }
    router.get("http-error") { _, _ -> String in throw HTTPError(.forbidden) }
    router.get("unauthorized") { _, _ -> String in
        throw APIError.unauthorized(headers: [.wwwAuthenticate: #"Keystone uri="http://127.0.0.1:5000""#])
    }
    router.post("projects") { request, context in
        let body = try await request.decodeJSON(as: CreateProject.self, context: context, reader: reader)
        return JSONResponse(["project": ["name": body.project.name]], status: .created)
    }
    router.post("hummingbird-decode") { request, context -> String in
        let body = try await request.decode(as: CreateProject.self, context: context)
        return body.project.name
    }
    router.post("raw-decode") { _, _ -> String in
        let body = try JSONDecoder().decode(CreateProject.self, from: Data(#"{"project": {"name": 7}}"#.utf8))
        return body.project.name
    }
    return Application(router: router)
}
