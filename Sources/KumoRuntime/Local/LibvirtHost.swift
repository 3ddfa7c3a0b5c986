import Foundation
import Logging

/// Kumo's own libvirtd for one compute host, started and stopped by Kumo. It never reads or edits
/// the system's `/etc/libvirt` and never touches a libvirtd that was already running.
///
/// The daemon runs in a private mount and UTS namespace (`unshare --uts --mount --propagation
/// private`). Inside it, this host's directories are bind-mounted over the paths libvirt has
/// compiled in (`etc` → `/etc/libvirt`, `run` → `/run/libvirt`, `lib` → `/var/lib/libvirt`,
/// `cache` → `/var/cache/libvirt`, `log` → `/var/log/libvirt`), and the hostname is set to `name`.
/// Nobody outside the namespace sees these mounts, so several hosts can run side by side, each with
/// its own `host_uuid`, sockets, domain definitions and capability cache. The one trace on the
/// machine itself is an empty `/run/libvirt` directory, created as a mount point if it was missing.
///
/// No virtlogd and no virtlockd run: qemu.conf sets `stdio_handler = "file"` (libvirt writes QEMU's
/// own output to `log/qemu/<domain>.log` itself) and `lock_manager = "nop"` (no disk leases), and
/// libvirtd is never socket-activated, so nothing asks for them. Guests' serial consoles of type
/// `file` are opened by libvirt directly. QEMU runs as root (`user`/`group` in qemu.conf) without
/// sVirt and without cgroups: as `libvirt-qemu`, each domain creation takes ~53 s on a machine
/// without udev (see MACHINE-NOTES.md); as root, ~1 s.
///
/// At its first start libvirtd probes every QEMU binary (~8 s here). With a `capabilitiesCache`
/// directory shared by several hosts, the probed capabilities are copied in before the start and
/// back after it (the newer file wins); libvirt re-checks them (QEMU and libvirt binaries, KVM)
/// and probes again if they are stale.
///
/// With an `address`, the daemon also listens on TCP there (`qemu+tcp://<address>/system`, no
/// authentication: test networks only) and QEMU takes incoming migrations on that address.
public struct LibvirtHost: Sendable {
    /// What went wrong starting or stopping the daemon; the log tail is in `description`.
    public enum Failure: Error, CustomStringConvertible {
        case exited(host: String, log: String)
        case notAnswering(host: String, after: Duration, log: String)
        case stillRunning(host: String, pid: Int32)

        public var description: String {
            switch self {
            case .exited(let host, let log):
                "libvirtd of host \(host) exited while starting; its log ends with:\n\(log)"
            case .notAnswering(let host, let after, let log):
                "libvirtd of host \(host) did not answer within \(after); its log ends with:\n\(log)"
            case .stillRunning(let host, let pid):
                "libvirtd of host \(host) (pid \(pid)) did not exit"
            }
        }
    }

    /// Subdirectories of `directory`, and where each one appears inside the namespace.
    static let mounts = [
        ("etc", "/etc/libvirt"), ("run", "/run/libvirt"), ("lib", "/var/lib/libvirt"),
        ("cache", "/var/cache/libvirt"), ("log", "/var/log/libvirt"),
    ]

    public let name: String
    /// The host's state: configuration, sockets, pid file, logs (e.g. `<state>/hosts/<name>/libvirt`).
    public let directory: String
    /// Where to listen for TCP connections and migrations, if anywhere.
    public let address: String?
    /// A directory shared by hosts' daemons for libvirt's QEMU capabilities cache, if any.
    public let capabilitiesCache: String?

    public init(name: String, directory: String, address: String? = nil, capabilitiesCache: String? = nil) {
        self.name = name
        self.directory = directory
        self.address = address
        self.capabilitiesCache = capabilitiesCache
    }

    /// The URI for `virsh -c` and `virConnectOpen`: the daemon's Unix socket, seen from outside.
    public var uri: String { "qemu+unix:///system?socket=\(directory)/run/libvirt-sock" }
    /// The URI other hosts use (migration), when the daemon listens on TCP.
    public var tcpURI: String? { address.map { "qemu+tcp://\($0)/system" } }
    public var pidFile: String { "\(directory)/libvirtd.pid" }
    /// libvirtd's own log (`log_outputs`); its stdout and stderr go to `libvirtd.out` beside it.
    public var logFile: String { "\(directory)/log/libvirtd.log" }
    var outputFile: String { "\(directory)/libvirtd.out" }
    var capabilitiesDirectory: String { "\(directory)/cache/qemu/capabilities" }

    /// Whether this host's daemon answers on its socket.
    public func isRunning() async -> Bool {
        (try? await virsh(["version"])) != nil
    }

    /// The pid of this host's daemon, if its pid file names a live libvirtd started for this host.
    public func daemonPID() -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            // A zombie has an empty command line; a reused pid has another one.
            let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
            command.contains(pidFile)
        else { return nil }
        return pid
    }

    /// Starts the daemon unless it already runs, and waits until it answers.
    /// - Returns: whether this call started it (so the caller knows to stop it).
    @discardableResult
    public func start(logger: Logger, timeout: Duration = .seconds(90)) async throws -> Bool {
        if await isRunning() { return false }
        let deadline = ContinuousClock.now + timeout
        if daemonPID() != nil {  // started earlier and still coming up
            try await waitUntilAnswering(deadline: deadline, timeout: timeout)
            return false
        }
        try writeConfiguration()
        if let capabilitiesCache { try Self.copyNewer(from: capabilitiesCache, to: capabilitiesDirectory) }
        logger.info("starting libvirtd", metadata: ["host": "\(name)", "uri": "\(uri)"])
        try await ProcessRunner.daemonize(command, logFile: outputFile)
        try await waitUntilAnswering(deadline: deadline, timeout: timeout)
        if let capabilitiesCache { try Self.copyNewer(from: capabilitiesDirectory, to: capabilitiesCache) }
        logger.info("libvirtd answers", metadata: ["host": "\(name)", "pid": "\(daemonPID() ?? 0)"])
        return true
    }

    /// Stops the daemon this host's pid file names, and waits until it has exited.
    ///
    /// QEMU processes outlive libvirtd, so by default the running domains are destroyed first;
    /// their definitions and disks stay. Does nothing if the daemon is not running.
    public func stop(destroyingDomains: Bool = true, timeout: Duration = .seconds(30)) async throws {
        guard let pid = daemonPID() else { return }
        if destroyingDomains, let names = try? await virsh(["list", "--name"]) {
            for domain in names.split(whereSeparator: \.isNewline) where !domain.isEmpty {
                _ = try? await virsh(["destroy", String(domain)])
            }
        }
        kill(pid, SIGTERM)
        if await waitForExit(pid: pid, timeout: timeout) { return }
        kill(pid, SIGKILL)
        if await waitForExit(pid: pid, timeout: .seconds(5)) { return }
        throw Failure.stillRunning(host: name, pid: pid)
    }

    /// Runs `virsh` against this host (`list`, `create`, `destroy` …).
    @discardableResult
    public func virsh(_ arguments: [String]) async throws -> String {
        try await ProcessRunner.run(["virsh", "-q", "-c", uri] + arguments)
    }

    /// `unshare` → `sh` (bind mounts, hostname) → `exec libvirtd`: one process, whose pid is libvirtd's.
    var command: [String] {
        let binds = Self.mounts.map { "mount --bind \"$1/\($0.0)\" \($0.1)" }.joined(separator: "\n")
        let script = """
            set -e
            mkdir -p \(Self.mounts.map(\.1).joined(separator: " "))
            \(binds)
            hostname "$2"
            exec /usr/sbin/libvirtd --config /etc/libvirt/libvirtd.conf --pid-file "$1/libvirtd.pid" $3
            """
        return [
            "/usr/bin/unshare", "--uts", "--mount", "--propagation", "private",
            "/bin/sh", "-c", script, "kumo-libvirtd", directory, name, address == nil ? "" : "--listen",
        ]
    }

    /// Writes `etc/libvirtd.conf` and `etc/qemu.conf`; the host UUID is made once and kept.
    func writeConfiguration() throws {
        let files = FileManager.default
        for (sub, _) in Self.mounts {
            try files.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let uuidFile = "\(directory)/host-uuid"
        let uuid =
            (try? String(contentsOfFile: uuidFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? UUID().uuidString.lowercased()
        try uuid.write(toFile: uuidFile, atomically: true, encoding: .utf8)
        var daemon = """
            # Generated by Kumo for host \(name): this daemon serves Kumo alone.
            host_uuid = "\(uuid)"
            unix_sock_group = "root"
            unix_sock_ro_perms = "0700"
            unix_sock_rw_perms = "0700"
            auth_unix_ro = "none"
            auth_unix_rw = "none"
            listen_tls = 0
            log_outputs = "3:file:/var/log/libvirt/libvirtd.log"

            """
        var qemu = """
            # Generated by Kumo for host \(name).
            user = "root"
            group = "root"
            security_driver = "none"
            cgroup_controllers = [ ]
            stdio_handler = "file"
            lock_manager = "nop"

            """
        if let address {
            daemon += "listen_tcp = 1\nlisten_addr = \"\(address)\"\nauth_tcp = \"none\"\n"
            qemu += "migration_address = \"\(address)\"\nmigration_host = \"\(address)\"\n"
        } else {
            daemon += "listen_tcp = 0\n"
        }
        try daemon.write(toFile: "\(directory)/etc/libvirtd.conf", atomically: true, encoding: .utf8)
        try qemu.write(toFile: "\(directory)/etc/qemu.conf", atomically: true, encoding: .utf8)
    }

    private func waitUntilAnswering(deadline: ContinuousClock.Instant, timeout: Duration) async throws {
        var sawDaemon = false
        while ContinuousClock.now < deadline {
            if await isRunning() { return }
            if daemonPID() != nil {
                sawDaemon = true
            } else if sawDaemon {
                throw Failure.exited(host: name, log: logTail())
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure.notAnswering(host: name, after: timeout, log: logTail())
    }

    private func waitForExit(pid: Int32, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !Self.isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !Self.isAlive(pid)
    }

    /// Copies the files of `source` that `destination` lacks or has older, each by a rename so that
    /// readers never see half a file.
    static func copyNewer(from source: String, to destination: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: destination, withIntermediateDirectories: true)
        func modified(_ path: String) -> Date {
            ((try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        for file in (try? files.contentsOfDirectory(atPath: source)) ?? [] where file.hasSuffix(".xml") {
            let target = "\(destination)/\(file)"
            guard modified("\(source)/\(file)") > modified(target) else { continue }
            let partial = "\(destination)/.\(file).\(UUID().uuidString)"
            try files.copyItem(atPath: "\(source)/\(file)", toPath: partial)
            _ = rename(partial, target)
            try? files.removeItem(atPath: partial)
        }
    }

    /// Whether `pid` exists and is not a zombie (an exited child nobody has reaped yet).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let state = stat.split(separator: ")").last?.split(separator: " ").first
        else { return false }
        return state != "Z" && state != "X"
    }

    /// The last lines of the daemon's stdout/stderr and of its log file.
    func logTail() -> String {
        [outputFile, logFile].map { path in
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return "==> \(path) <==\n" + text.split(separator: "\n").suffix(20).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
