import Hummingbird
import KumoClient
import KumoHTTP

/// Version discovery: `GET /` (300) and `GET /versions` (200) list the Image API versions, all served
/// at `/v2/`; 2.7 (hidden images, SHA-512 hashes) is the newest.
struct VersionController {
    let base: String

    static let newestMinor = 7

    var versions: JSONValue {
        let link: JSONValue = [["rel": "self", "href": .string("\(base)/v2/")]]
        return [
            "versions": .array(
                (0...Self.newestMinor).reversed().map { minor in
                    [
                        "id": .string("v2.\(minor)"), "status": minor == Self.newestMinor ? "CURRENT" : "SUPPORTED",
                        "links": link,
                    ]
                })
        ]
    }

    func register(on router: Router<KumoRequestContext>) {
        router.get("/") { _, _ in JSONResponse(versions, status: .multipleChoices) }
        router.get("versions") { _, _ in JSONResponse(versions) }
    }
}
