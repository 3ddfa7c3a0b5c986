import Foundation
import KumoClient
import KumoRuntime
import KumoTesting
import NIOHTTP1

/// A test's handle on a `LocalCloud` with compute hosts: the tiny image registered, raw calls of the
/// Compute API (any status), waiting for a server's status, its console and its guest on the host.
struct ComputeCloudFixture {
    let images: ImageCloudFixture
    var cloud: LocalCloud { images.cloud }
    var admin: IdentitySession { images.admin }

    init(cloud: LocalCloud, http: KumoHTTPClient) async throws {
        images = try await ImageCloudFixture(cloud: cloud, http: http)
    }

    /// Registers the tiny guest image as a public, active image and returns its id.
    func tinyImage() async throws -> String {
        try await cloud.registerTinyImage(http: images.http, token: admin.token)
    }

    /// `method` on the Compute API path `path` (`/servers…`), as `token` (the admin's by default).
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil) async throws -> ImageCloudFixture.Answer {
        try await images.call(method, path, base: cloud.computeURL, token: token, json: json)
    }

    /// `POST /servers` (202 expected); returns the new server's id.
    func createServer(_ name: String, image: String, flavor: String = "1", token: String? = nil, extra: [String: Any] = [:]) async throws -> String {
        let server: [String: Any] = ["name": name, "imageRef": image, "flavorRef": flavor].merging(extra) { $1 }
        let answer = try await call(.POST, "/servers", token: token, json: ["server": server])
        guard answer.status == 202, let id = (answer.json["server"] as? [String: Any])?["id"] as? String else {
            throw FixtureError("creating server \(name) answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        }
        return id
    }

    func server(_ id: String) async throws -> [String: Any] {
        try await call(.GET, "/servers/\(id)").json["server"] as? [String: Any] ?? [:]
    }

    /// Waits until server `id` has `status`; fails at once on an unexpected ERROR, with its fault.
    @discardableResult
    func waitForStatus(_ id: String, _ status: String, timeout: Duration = .seconds(180)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try await server(id)
            let current = last["status"] as? String
            if current == status, (last["OS-EXT-STS:task_state"] as? String) == nil { return last }
            if current == "ERROR", status != "ERROR" {
                throw FixtureError("server \(id) went to ERROR: \(last["fault"] ?? "no fault")\n\(logs())")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError("server \(id) is not \(status) after \(timeout): \(last)\n\(logs())")
    }

    /// The console log through `os-getConsoleOutput`.
    func console(_ id: String) async throws -> String {
        let answer = try await call(.POST, "/servers/\(id)/action", json: ["os-getConsoleOutput": ["length": NSNull()]])
        return answer.json["output"] as? String ?? ""
    }

    /// Waits until the console of server `id` holds a line containing `text`.
    func waitForConsole(_ id: String, _ text: String, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await console(id).contains(text) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw FixtureError("no '\(text)' on the console of \(id) after \(timeout):\n\(try await console(id).suffix(2000))")
    }

    /// The guest's `KUMO-HEARTBEAT <n>` counters so far.
    func heartbeats(_ id: String) async throws -> [Int] {
        TinyGuest.heartbeats(in: try await console(id))
    }

    /// The QEMU process of server `id`'s guest, if one runs.
    func qemuProcess(_ id: String) -> Int32? {
        LocalCloud.processes(mentioning: "guest=kumo-\(id)").first
    }

    /// `virsh ARGS` against host `host`'s libvirtd.
    func virsh(_ host: String, _ arguments: [String]) async throws -> String {
        try await LibvirtHost(name: host, directory: "\(cloud.stateDirectory)/hosts/\(host)/libvirt").virsh(arguments)
    }

    func instanceDirectory(_ host: String, _ id: String) -> String {
        "\(cloud.stateDirectory)/compute/\(host)/instances/\(id)"
    }

    /// The hypervisor of `host` as `GET /os-hypervisors/detail` shows it.
    func hypervisor(_ host: String) async throws -> [String: Any] {
        let list = try await call(.GET, "/os-hypervisors/detail").json["hypervisors"] as? [[String: Any]] ?? []
        return list.first { $0["hypervisor_hostname"] as? String == host } ?? [:]
    }

    /// The compute processes' logs, for failure messages.
    func logs() -> String {
        ["compute-api", "scheduler", "conductor"].map { "== \($0)\n" + cloud.log($0).suffix(3000) }.joined(separator: "\n")
    }
}
