import Foundation
import KumoClient
import KumoRuntime
import KumoTesting
import NIOHTTP1

/// What the compute benchmark does to the cloud: register the tiny image, boot and delete servers
/// (timing each boot by polling the API and reading the guest's console file), and the virsh floor.
struct ComputeBenchClient: Sendable {
    let cloud: LocalCloud
    let http: KumoHTTPClient
    let session: IdentitySession

    init(cloud: LocalCloud, http: KumoHTTPClient) async throws {
        self.cloud = cloud
        self.http = http
        session = try await IdentityClient(client: http).authenticate(cloud.admin)
        let unlimited: JSONValue = ["quota_set": ["instances": -1, "cores": -1, "ram": -1]]
        try await http.send(.PUT, "\(cloud.computeURL)/os-quota-sets/\(session.projectID ?? "")", token: session.token, json: unlimited)
    }

    func registerTinyImage() async throws -> String {
        try await cloud.registerTinyImage(http: http, token: session.token)
    }

    func instanceDirectory(_ id: String) -> String {
        "\(cloud.stateDirectory)/compute/\(ComputeBenchmark.host)/instances/\(id)"
    }

    /// Boots one server of flavor m1.tiny and times it.
    func boot(image: String) async throws -> Boot {
        let start = ContinuousClock.now
        let created = try await http.json(
            JSONValue.self, .POST, "\(cloud.computeURL)/servers", token: session.token,
            json: ["server": ["name": "bench", "imageRef": .string(image), "flavorRef": "1"]] as JSONValue)
        let id = created["server"]?["id"]?.string ?? ""
        var active: Double?
        while active == nil {
            let server = try await http.json(JSONValue.self, .GET, "\(cloud.computeURL)/servers/\(id)", token: session.token)
            switch server["server"]?["status"]?.string {
            case "ACTIVE": active = (ContinuousClock.now - start).seconds
            case "ERROR": throw BenchError.failed("server \(id) went to ERROR: \(server["server"]?["fault"] ?? .null)")
            default: try await Task.sleep(for: .milliseconds(10))
            }
        }
        try await Self.waitForReady(console: instanceDirectory(id) + "/console.log")
        return Boot(id: id, active: active!, ready: (ContinuousClock.now - start).seconds)
    }

    /// Deletes server `id` and waits until it is gone.
    func delete(_ id: String) async throws {
        try await http.send(.DELETE, "\(cloud.computeURL)/servers/\(id)", token: session.token)
        while (try? await http.send(.GET, "\(cloud.computeURL)/servers/\(id)", token: session.token)) != nil {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A booted server's domain XML and config drive, kept for the floor after the server is gone.
    struct Template: Sendable {
        var domainXML: String
        /// The server's instance directory, as the XML names it.
        var instanceDirectory: String
        var configDrive: String
    }

    func keepTemplate(of id: String) throws -> Template {
        let directory = instanceDirectory(id)
        let kept = "\(cloud.stateDirectory)/floor/template"
        try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(directory)/config.iso", toPath: "\(kept)/config.iso")
        return Template(
            domainXML: try String(contentsOfFile: "\(directory)/domain.xml", encoding: .utf8), instanceDirectory: directory,
            configDrive: "\(kept)/config.iso")
    }

    /// `virsh create` of Kumo's own domain XML (named `name`, on a fresh overlay and a copy of its
    /// config drive) on the same libvirtd: seconds until `virsh` returns and until the ready line.
    func virshBoot(_ template: Template, name: String) async throws -> Boot {
        let cache = "\(cloud.stateDirectory)/compute/\(ComputeBenchmark.host)/images"
        guard let base = try FileManager.default.contentsOfDirectory(atPath: cache).first(where: { !$0.contains(".") }) else {
            throw BenchError.failed("no cached base image in \(cache)")
        }
        let uuid = UUID().uuidString.lowercased()
        let directory = "\(cloud.stateDirectory)/floor/\(uuid)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await ProcessRunner.run([
            "qemu-img", "create", "-q", "-f", "qcow2", "-b", "\(cache)/\(base)", "-F", "qcow2", "\(directory)/disk.qcow2",
        ])
        try FileManager.default.copyItem(atPath: template.configDrive, toPath: "\(directory)/config.iso")
        // The name holds the uuid: it goes first.
        let xml = template.domainXML.replacingOccurrences(of: template.instanceDirectory, with: directory)
            .replacingOccurrences(of: Self.element("name", in: template.domainXML), with: name)
            .replacingOccurrences(of: Self.element("uuid", in: template.domainXML), with: uuid)
        try xml.write(toFile: "\(directory)/domain.xml", atomically: true, encoding: .utf8)
        let start = ContinuousClock.now
        try await libvirt.virsh(["create", "\(directory)/domain.xml"])
        let created = (ContinuousClock.now - start).seconds
        try await Self.waitForReady(console: "\(directory)/console.log")
        return Boot(id: name, active: created, ready: (ContinuousClock.now - start).seconds)
    }

    /// The compute host's libvirtd.
    var libvirt: LibvirtHost {
        LibvirtHost(name: ComputeBenchmark.host, directory: "\(cloud.stateDirectory)/hosts/\(ComputeBenchmark.host)/libvirt")
    }

    /// Polls a console file until it holds `KUMO-GUEST-READY`.
    static func waitForReady(console path: String, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("KUMO-GUEST-READY") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError.failed("no KUMO-GUEST-READY in \(path) after \(timeout)")
    }

    /// The text of the first `<tag>…</tag>`.
    static func element(_ tag: String, in xml: String) -> String {
        guard let open = xml.range(of: "<\(tag)>"), let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex)
        else { return "" }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
