import Crypto
import Foundation
import KumoClient
import KumoRing
import KumoTesting
import NIOHTTP1
import Testing

/// A test's handle on a `LocalCloud`'s object store: the admin's token and account URL, and where
/// each object's replicas live on disk.
struct ObjectStoreFixture {
    let cloud: LocalCloud
    let http: KumoHTTPClient
    let session: IdentitySession

    init(cloud: LocalCloud, http: KumoHTTPClient) async throws {
        self.cloud = cloud
        self.http = http
        session = try await IdentityClient(client: http).authenticate(cloud.admin)
    }

    var account: String { "\(cloud.proxyURL)/v1/AUTH_\(session.projectID!)" }

    func url(_ container: String, _ object: String? = nil) -> String {
        object.map { "\(account)/\(container)/\($0)" } ?? "\(account)/\(container)"
    }

    @discardableResult
    func put(_ container: String, _ object: String? = nil, body: Data = Data()) async throws -> KumoHTTPClient.Response {
        try await http.send(.PUT, url(container, object), token: session.token, body: body)
    }

    func get(_ container: String, _ object: String) async throws -> Data {
        try await http.send(.GET, url(container, object), token: session.token).body
    }

    /// The object ring as the servers use it.
    func ring() throws -> Ring {
        try Ring(contentsOf: "\(cloud.stateDirectory)/object/rings/object.ring", secret: HashPathSecret(suffix: "kumo"))
    }

    /// The hash directory of an object on each of its primary devices.
    func replicaDirectories(_ container: String, _ object: String) throws -> [String] {
        let ring = try ring()
        let account = "AUTH_\(session.projectID!)"
        let partition = ring.partition(account: account, container: container, object: object)
        let hash = ring.hash(account: account, container: container, object: object)
        return ring.primaryNodes(partition: partition).map { device in
            "\(cloud.devicePath(node: device.meta, device: device.device))/objects/\(partition)/\(hash.suffix(3))/\(hash)"
        }
    }

    /// The `.data` file in a hash directory, if any.
    static func dataFile(in directory: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.first { $0.hasSuffix(".data") }.map { "\(directory)/\($0)" }
    }

    /// Whether every primary holds a `.data` of the object whose bytes are `expected`.
    func fullyReplicated(_ container: String, _ object: String, expected: Data) throws -> Bool {
        try replicaDirectories(container, object).allSatisfy { directory in
            guard let file = Self.dataFile(in: directory), let bytes = FileManager.default.contents(atPath: file) else {
                return false
            }
            return bytes == expected
        }
    }

    static func md5(_ data: Data) -> String {
        Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
