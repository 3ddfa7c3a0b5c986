import AsyncHTTPClient
import Crypto
import Foundation
import KumoClient
import KumoTesting
import NIOCore
import NIOHTTP1

/// A test's handle on a `LocalCloud` with the image service: raw calls of the Image API (any status),
/// users of their own projects, and the objects of the service account where images live.
struct ImageCloudFixture {
    let cloud: LocalCloud
    let http: KumoHTTPClient
    let admin: IdentitySession

    init(cloud: LocalCloud, http: KumoHTTPClient) async throws {
        self.cloud = cloud
        self.http = http
        admin = try await IdentityClient(client: http).authenticate(cloud.admin)
    }

    /// An answer of any status.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// `method` on the path `path` of the API at `base` (the Image API by default: `/v2/images…`), as
    /// `token` (the admin's by default).
    func call(
        _ method: HTTPMethod, _ path: String, base: String? = nil, token: String? = nil, headers: [(String, String)] = [],
        json: Any? = nil, body: HTTPClientRequest.Body? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: (base ?? cloud.imageURL) + path)
        request.method = method
        request.headers.add(name: "X-Auth-Token", value: token ?? admin.token)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        } else if let body {
            request.body = body
        }
        let response = try await http.http.execute(request, timeout: .minutes(5))
        let data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        return Answer(status: Int(response.status.code), headers: response.headers, body: data)
    }

    /// Uploads `data` to image `id` (`application/octet-stream`).
    func upload(_ id: String, _ data: Data, token: String? = nil, headers: [(String, String)] = []) async throws -> Answer {
        try await call(
            .PUT, "/v2/images/\(id)/file", token: token,
            headers: [("Content-Type", "application/octet-stream")] + headers, body: .bytes(ByteBuffer(bytes: data)))
    }

    /// Creates an image (201 expected) and returns its id.
    func create(_ fields: [String: Any], token: String? = nil) async throws -> String {
        let answer = try await call(.POST, "/v2/images", token: token, json: fields)
        guard answer.status == 201, let id = answer.json["id"] as? String else {
            throw FixtureError("creating \(fields) answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        }
        return id
    }

    /// The status of image `id`.
    func status(_ id: String) async throws -> String? {
        try await call(.GET, "/v2/images/\(id)").json["status"] as? String
    }

    /// Every object of the image service's account (the `service` project's), by container, listed
    /// through the object proxy as the image service's own user.
    func serviceObjects() async throws -> [String: [String]] {
        let password = try String(contentsOfFile: "\(cloud.stateDirectory)/image/service_password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let session = try await IdentityClient(client: http).authenticate(
            AuthOptions(authURL: cloud.identityURL, username: "image", password: password, projectName: "service"))
        let account = try session.endpoint(type: "object-store")
        struct Named: Decodable { var name: String }
        var objects: [String: [String]] = [:]
        let containers = try await http.send(.GET, account + "?format=json", token: session.token)
        for container in try containers.decode([Named].self) {
            let listing = try await http.send(.GET, "\(account)/\(container.name)?format=json", token: session.token)
            objects[container.name] = try listing.decode([Named].self).map(\.name)
        }
        return objects
    }

    /// The id of the `service` project, whose account holds the images.
    func serviceProjectID() async throws -> String {
        struct Projects: Decodable {
            struct Project: Decodable { var id: String }
            var projects: [Project]
        }
        return try await http.json(Projects.self, .GET, cloud.identityURL + "/projects?name=service", token: admin.token)
            .projects[0].id
    }

    /// A new project `name` with a user `name` holding `role` on it, signed in.
    func user(_ name: String, role: String = "member") async throws -> IdentitySession {
        let identity = cloud.identityURL
        struct Created: Decodable {
            struct Entity: Decodable { var id: String }
            var project: Entity?
            var user: Entity?
        }
        struct Roles: Decodable {
            struct Role: Decodable { var id: String }
            var roles: [Role]
        }
        let project = try await http.send(
            .POST, identity + "/projects", token: admin.token,
            json: ["project": ["name": .string(name), "domain_id": "default"]] as JSONValue
        ).decode(Created.self).project!.id
        let user = try await http.send(
            .POST, identity + "/users", token: admin.token,
            json: ["user": ["name": .string(name), "password": .string(name + "-pw"), "domain_id": "default"]] as JSONValue
        ).decode(Created.self).user!.id
        let roleID = try await http.json(Roles.self, .GET, identity + "/roles?name=\(role)", token: admin.token).roles[0].id
        try await http.send(.PUT, "\(identity)/projects/\(project)/users/\(user)/roles/\(roleID)", token: admin.token)
        return try await IdentityClient(client: http).authenticate(
            AuthOptions(authURL: identity, username: name, password: name + "-pw", projectName: name))
    }

    static func md5(_ data: Data) -> String { Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined() }
    static func sha512(_ data: Data) -> String { SHA512.hash(data: data).map { String(format: "%02x", $0) }.joined() }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
