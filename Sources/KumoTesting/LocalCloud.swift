import Foundation
import KumoBus
import KumoClient
import KumoVirt
import NIOHTTP1
import Synchronization

/// A one-machine Kumo cloud for tests and benchmarks, as real processes: `kumod identity`
/// (bootstrapped), and with `objectStore` the rings of 3 zones × 1 node × 2 devices, three
/// `kumod storage-node` processes (`z1`…`z3`) and `kumod object-proxy`; with `image` also
/// `kumod image`, storing its images in that object store; with `computeHosts` also `kumod compute-api`,
/// `scheduler`, `conductor` and one `kumod compute --host NAME` per host, each with its own libvirtd.
///
/// Ports: identity on `basePort`, the proxy on `basePort + 1`, the image service on `basePort + 2`,
/// the Compute API on `basePort + 3`,
/// storage node *n* on `basePort + 100 + 10n` (+1 containers, +2 accounts). The cloud has a virtual
/// host of its own on the test broker, so clouds of tests running at once stay apart. Everything is
/// killed by `shutdown()`, with the hosts' libvirtd and guests.
public final class LocalCloud: Sendable {
    public static let adminPassword = "kumo-admin-pw"
    public let directory: TemporaryDirectory
    public let basePort: Int
    /// The environment every process of this cloud runs with (`KUMO_*`), for more `kumod`/`kumo` runs.
    public let environment: [String: String]
    /// The compute hosts' names (their agents run as processes of those names).
    public let computeHosts: [String]
    private let daemons = Mutex<[String: Daemon]>([:])

    public var identityURL: String { "http://127.0.0.1:\(basePort)/v3" }
    public var proxyURL: String { "http://127.0.0.1:\(basePort + 1)" }
    public var imageURL: String { "http://127.0.0.1:\(basePort + 2)" }
    public var computeURL: String { "http://127.0.0.1:\(basePort + 3)/v2.1" }
    public var stateDirectory: String { directory.path + "/state" }
    public static let nodes = ["z1", "z2", "z3"]

    /// The admin's credentials (project `admin`).
    public var admin: AuthOptions {
        AuthOptions(authURL: identityURL, username: "admin", password: Self.adminPassword, projectName: "admin")
    }

    /// `OS_*` variables for the admin, as an openrc sets them.
    public var adminOpenRC: [String: String] {
        [
            "OS_AUTH_URL": identityURL, "OS_IDENTITY_API_VERSION": "3", "OS_AUTH_VERSION": "3", "OS_USERNAME": "admin",
            "OS_PASSWORD": Self.adminPassword, "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default",
            "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionOne",
        ]
    }

    private init(
        basePort: Int, busPort: Int, virtualHost: String, computeHosts: [String], settings: [String: String]
    ) throws {
        directory = try TemporaryDirectory(prefix: "kumo-cloud")
        self.basePort = basePort
        self.computeHosts = computeHosts
        environment = [
            "KUMO_BUS_PORT": String(busPort), "KUMO_BUS_VHOST": virtualHost, "KUMO_BROKER_MANAGE": "false",
            "KUMO_LOG_LEVEL": "warning",
            "KUMO_IDENTITY_PORT": String(basePort), "KUMO_IDENTITY_PASSWORD_HASH_COST": "10",
            "KUMO_OBJECT_PROXY_PORT": String(basePort + 1), "KUMO_OBJECT_REPLICATION_INTERVAL_SECONDS": "2",
            "KUMO_IMAGE_PORT": String(basePort + 2), "KUMO_COMPUTE_PORT": String(basePort + 3),
            "KUMO_COMPUTE_REPORT_INTERVAL_SECONDS": "2", "KUMO_SERVICES_REPORT_INTERVAL_SECONDS": "2",
        ].merging(settings) { $1 }
    }

    /// Starts the cloud on the test broker and waits until identity (and the proxy, and the image
    /// service, and the compute hosts) answer. `image` needs `objectStore`; `computeHosts` needs `image`.
    public static func start(
        basePort: Int, objectStore: Bool = true, image: Bool = false, computeHosts: [String] = [],
        settings: [String: String] = [:]
    ) async throws -> LocalCloud {
        let broker = try await TestBroker.shared.settings()
        let cloud = try LocalCloud(
            basePort: basePort, busPort: broker.port, virtualHost: try await TestBroker.shared.virtualHost(),
            computeHosts: computeHosts, settings: settings)
        do {
            try await cloud.run(["identity", "bootstrap", "--password", adminPassword])
            cloud.spawn("identity", ["identity"])
            if objectStore {
                try await cloud.run(["object", "ring", "local", "--base-port", String(basePort + 100), "--part-power", "8"])
                for node in nodes { cloud.spawn(node, ["storage-node", "--node", node]) }
                cloud.spawn("proxy", ["object-proxy"])
            }
            if image { cloud.spawn("image", ["image"]) }
            if !computeHosts.isEmpty {
                try cloud.shareCapabilitiesCache()
                for name in ["monitor", "compute-api", "scheduler", "conductor"] { cloud.spawn(name, [name]) }
                for host in computeHosts { cloud.start(host) }
            }
            try await cloud.waitUntilAnswering(objectStore: objectStore, image: image)
            if !computeHosts.isEmpty { try await cloud.waitForHypervisors(computeHosts) }
            return cloud
        } catch {
            cloud.shutdown()
            throw error
        }
    }

    /// Runs `kumod ARGS` to completion against this cloud's state.
    public func run(_ arguments: [String]) async throws {
        let (status, output) = try await Daemon.run("kumod", arguments + ["--state-dir", stateDirectory], environment: environment)
        guard status == 0 else { throw LocalCloudError.failed(arguments.joined(separator: " "), output) }
    }

    /// Starts (again) the process `name` (`identity`, `proxy`, `image`, `compute-api`, `scheduler`,
    /// `conductor`, `monitor`, `z1` …, or a compute host's agent by the host's name).
    public func start(_ name: String) {
        switch name {
        case "identity", "image", "monitor", "compute-api", "scheduler", "conductor": spawn(name, [name])
        case "proxy": spawn(name, ["object-proxy"])
        case _ where Self.nodes.contains(name): spawn(name, ["storage-node", "--node", name])
        default: spawn(name, ["compute", "--host", name])
        }
    }

    private func spawn(_ name: String, _ arguments: [String]) {
        let daemon = try? Daemon(
            "kumod", arguments + ["--state-dir", stateDirectory], environment: environment,
            logFile: "\(directory.path)/\(name).log")
        daemons.withLock { $0[name] = daemon }
    }

    /// Kills the process `name` at once (SIGKILL), as a crash would.
    public func kill(_ name: String) async {
        let daemon = daemons.withLock { $0.removeValue(forKey: name) }
        await daemon?.stop(signal: SIGKILL)
    }

    /// The process ids of the running processes by name.
    public var processIDs: [String: Int32] {
        daemons.withLock { $0.filter { $0.value.isRunning }.mapValues(\.processIdentifier) }
    }

    /// The log of process `name`.
    public func log(_ name: String) -> String {
        (try? String(contentsOfFile: "\(directory.path)/\(name).log", encoding: .utf8)) ?? ""
    }

    /// The directory of device `device` of storage node `node`.
    public func devicePath(node: String, device: String) -> String { "\(stateDirectory)/object/nodes/\(node)/\(device)" }

    /// Kills every process, and the compute hosts' libvirtd and QEMU processes (whose command lines
    /// name this cloud's directory), and removes the hosts' bridges.
    public func shutdown() {
        let all = daemons.withLock { daemons in
            defer { daemons.removeAll() }
            return Array(daemons.values)
        }
        for daemon in all where daemon.isRunning { Foundation.kill(daemon.processIdentifier, SIGKILL) }
        for pid in Self.processes(mentioning: directory.path) { Foundation.kill(pid, SIGKILL) }
        for host in computeHosts {
            let ip = Process()
            ip.executableURL = URL(fileURLWithPath: "/sbin/ip")
            ip.arguments = ["link", "del", "dev", HostBridge(host: host).name]
            ip.standardError = FileHandle.nullDevice
            try? ip.run()
            ip.waitUntilExit()
        }
    }

    /// The processes whose command line contains `text`.
    public static func processes(mentioning text: String) -> [Int32] {
        let own = getpid()
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), pid != own,
                let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                String(decoding: command, as: UTF8.self).contains(text)
            else { return nil }
            return pid
        }
    }

    /// Seeds the hosts' QEMU capabilities cache from the one test libvirt hosts share, so a new host's
    /// libvirtd does not probe QEMU again.
    private func shareCapabilitiesCache() throws {
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-qemu-capabilities").path
        let cache = "\(stateDirectory)/hosts/qemu-capabilities"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for file in (try? FileManager.default.contentsOfDirectory(atPath: shared)) ?? [] {
            try? FileManager.default.copyItem(atPath: "\(shared)/\(file)", toPath: "\(cache)/\(file)")
        }
    }

    /// Registers the tiny guest image as the public image `kumo-tiny` (as `token`, an admin's) and
    /// returns its id once it is active.
    public func registerTinyImage(http: KumoHTTPClient, token: String) async throws -> String {
        let created = try await http.json(
            JSONValue.self, .POST, "\(imageURL)/v2/images", token: token,
            json: ["name": "kumo-tiny", "disk_format": "qcow2", "container_format": "bare", "visibility": "public"] as JSONValue)
        let id = created["id"]?.string ?? ""
        let data = try Data(contentsOf: URL(fileURLWithPath: try await TinyGuest.baseImage()))
        try await http.send(
            .PUT, "\(imageURL)/v2/images/\(id)/file", token: token, headers: [("Content-Type", "application/octet-stream")],
            body: data)
        return id
    }

    /// Waits until every host in `hosts` is an up hypervisor of the Compute API.
    public func waitForHypervisors(_ hosts: [String], timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        try await KumoHTTPClient.with { http in
            while ContinuousClock.now < deadline {
                if let session = try? await IdentityClient(client: http).authenticate(admin),
                    let body = try? await http.json(JSONValue.self, .GET, "\(computeURL)/os-hypervisors", token: session.token)
                {
                    let up = Set((body["hypervisors"]?.array ?? []).filter { $0["state"] == "up" }.compactMap { $0["hypervisor_hostname"]?.string })
                    if up.isSuperset(of: hosts) { return }
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw LocalCloudError.notAnswering(
                (["compute-api", "scheduler", "conductor"] + hosts).map { "== \($0)\n" + log($0) }.joined(separator: "\n"))
        }
    }

    /// Waits until identity issues the admin a token and, with the object store, the proxy accepts it
    /// (and the image service does).
    private func waitUntilAnswering(objectStore: Bool, image: Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        try await KumoHTTPClient.with { http in
            while ContinuousClock.now < deadline {
                if let session = try? await IdentityClient(client: http).authenticate(admin) {
                    var checks: [(HTTPMethod, String)] = []
                    if objectStore { checks.append((.HEAD, "\(proxyURL)/v1/AUTH_\(session.projectID ?? "")")) }
                    if image { checks.append((.GET, "\(imageURL)/v2/images")) }
                    var ready = true
                    for (method, url) in checks where ready {
                        ready = (try? await http.send(method, url, token: session.token)) != nil
                    }
                    if ready { return }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw LocalCloudError.notAnswering(log("identity") + log("proxy") + log("image"))
        }
    }
}

/// A cloud that did not come up.
public enum LocalCloudError: Error, CustomStringConvertible {
    case failed(String, String)
    case notAnswering(String)

    public var description: String {
        switch self {
        case .failed(let command, let output): "kumod \(command) failed: \(output)"
        case .notAnswering(let logs): "the cloud did not answer within a minute; logs:\n\(logs)"
        }
    }
}
