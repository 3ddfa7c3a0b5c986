import HTTPTypes
import Hummingbird
import KumoClient
import KumoHTTP

/// `GET /` and `GET /v2.1`: version discovery. Kumo serves microversion 2.1 only, so clients that
/// negotiate (openstacksdk) settle on it.
struct VersionController {
    let links: Links

    static let version = "2.1"

    func register(on router: Router<KumoRequestContext>) {
        router.get("/") { _, _ in JSONResponse(["versions": [document]] as JSONValue, status: .multipleChoices) }
        router.get("v2.1") { _, _ in JSONResponse(["version": document] as JSONValue) }
    }

    private var document: JSONValue {
        [
            "id": "v2.1", "status": "CURRENT", "version": .string(Self.version), "min_version": .string(Self.version),
            "updated": "2013-07-23T11:33:21Z",
            "links": [["rel": "self", "href": .string("\(links.base)/v2.1/")]],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"]],
        ]
    }
}

/// Answers every request with the microversion it was served at, and refuses one asked for that Kumo
/// does not serve (406, as Nova does).
struct MicroversionMiddleware: RouterMiddleware {
    typealias Context = KumoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let asked = Self.requested(request.headers), asked != VersionController.version, asked.lowercased() != "latest",
            asked != "2.0"
        {
            throw APIError(
                .notAcceptable,
                "Version \(asked) is not supported by the API. Minimum is \(VersionController.version) and maximum is \(VersionController.version).")
        }
        var response = try await next(request, context)
        response.headers[HTTPField.Name("OpenStack-API-Version")!] = "compute \(VersionController.version)"
        response.headers[HTTPField.Name("X-OpenStack-Nova-API-Version")!] = VersionController.version
        response.headers[.vary] = "OpenStack-API-Version, X-OpenStack-Nova-API-Version"
        return response
    }

    /// The version in `OpenStack-API-Version: compute X` or `X-OpenStack-Nova-API-Version: X`.
    static func requested(_ headers: HTTPFields) -> String? {
        if let value = headers[HTTPField.Name("OpenStack-API-Version")!] {
            let parts = value.split(separator: " ")
            if parts.count == 2, parts[0].lowercased() == "compute" { return String(parts[1]) }
        }
        return headers[HTTPField.Name("X-OpenStack-Nova-API-Version")!]
    }
}
