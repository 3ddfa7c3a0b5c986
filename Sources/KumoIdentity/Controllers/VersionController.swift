import Hummingbird
import KumoAuth
import KumoCore
import KumoHTTP

/// Version discovery: `GET /` (300, every version) and `GET /v3`.
struct VersionController {
    let service: IdentityService

    struct Version: Encodable, Sendable {
        struct Link: Encodable, Sendable {
            var rel: String
            var href: String
        }
        struct MediaType: Encodable, Sendable {
            var base: String
            var type: String
        }
        var id = "v3.14"
        var status = "stable"
        var updated = "2020-04-07T00:00:00Z"
        var links: [Link]
        var media_types = [MediaType(base: "application/json", type: "application/vnd.openstack.identity-v3+json")]

        enum CodingKeys: String, CodingKey {
            case id, status, updated, links
            case media_types = "media-types"
        }
    }

    struct Values: Encodable, Sendable { var values: [Version] }

    func register(on router: Router<KumoRequestContext>) {
        let version = Version(links: [.init(rel: "self", href: "\(service.base)/v3/")])
        router.get("/") { _, _ in JSONResponse(["versions": Values(values: [version])], status: .multipleChoices) }
        router.get("v3") { _, _ in JSONResponse(["version": version]) }
    }
}
