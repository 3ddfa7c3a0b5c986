import Foundation
import KumoRuntime
import Logging

/// One guest of the tiny test image (images/README.md), booted on a `LibvirtHost` through `virsh`
/// and judged by its serial console. Its directory holds the qcow2 overlay, the domain XML and the
/// console file.
public struct TinyGuest: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case noImage(path: String)
        case consoleTimeout(guest: String, waitingFor: String, after: Duration, console: String)

        public var description: String {
            switch self {
            case .noImage(let path):
                "the tiny image \(path) does not exist and images/build.sh did not make it"
            case .consoleTimeout(let guest, let waitingFor, let after, let console):
                "guest \(guest): no \(waitingFor) on the console within \(after); it ends with:\n"
                    + console.split(separator: "\n").suffix(30).joined(separator: "\n")
            }
        }
    }

    public let name: String
    public let directory: String
    /// The libvirt domain type: `kvm`, or `qemu` (TCG) where KVM cannot run Linux guests.
    public let virtType: String

    public var diskPath: String { "\(directory)/disk.qcow2" }
    public var consolePath: String { "\(directory)/console.log" }
    public var xmlPath: String { "\(directory)/domain.xml" }

    /// - Parameter directory: the instance directory; by default a fresh one in the temp directory.
    public init(name: String? = nil, directory: String? = nil, virtType: String = "qemu") {
        let name = name ?? "tiny-\(UUID().uuidString.prefix(8).lowercased())"
        self.name = name
        self.directory =
            directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("kumo-guest-\(name)").path
        self.virtType = virtType
    }

    /// Makes the overlay and the domain, starts it and waits for `KUMO-GUEST-READY`.
    /// - Returns: the time from `virsh create` to the ready line on the console.
    @discardableResult
    public func boot(on host: LibvirtHost, timeout: Duration = .seconds(120)) async throws -> Duration {
        try await prepare()
        let started = ContinuousClock.now
        try await host.virsh(["create", xmlPath])
        try await waitForConsole("KUMO-GUEST-READY", timeout: timeout) { $0.contains("KUMO-GUEST-READY") }
        return ContinuousClock.now - started
    }

    /// Makes a fresh instance directory: the qcow2 overlay on the tiny image and the domain XML.
    public func prepare() async throws {
        let base = try await Self.baseImage()
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for path in [diskPath, consolePath] where files.fileExists(atPath: path) {
            try files.removeItem(atPath: path)
        }
        try await ProcessRunner.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", diskPath])
        try domainXML.write(toFile: xmlPath, atomically: true, encoding: .utf8)
    }

    /// Destroys the domain (if it runs) and removes the instance directory.
    public func destroy(on host: LibvirtHost) async throws {
        do {
            try await host.virsh(["destroy", name])
        } catch {
            let running = (try? await host.virsh(["list", "--name"])) ?? ""
            if running.split(whereSeparator: \.isNewline).contains(where: { $0 == name }) { throw error }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    public var domainXML: String {
        """
        <domain type='\(virtType)'>
          <name>\(name)</name>
          <memory unit='MiB'>256</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='pc'>hvm</type></os>
          <features><acpi/></features>
          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <devices>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='\(diskPath)'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <serial type='file'>
              <source path='\(consolePath)'/>
              <target port='0'/>
            </serial>
            <memballoon model='none'/>
          </devices>
        </domain>

        """
    }

    /// Everything the guest wrote to its serial console so far.
    public func console() -> String {
        (try? String(contentsOfFile: consolePath, encoding: .utf8)) ?? ""
    }

    /// The `KUMO-HEARTBEAT <n>` counters on the console, in order.
    public func heartbeats() -> [Int] { Self.heartbeats(in: console()) }

    /// The `KUMO-HEARTBEAT <n>` counters of a console log, in order.
    public static func heartbeats(in console: String) -> [Int] {
        console.split(whereSeparator: \.isNewline).compactMap { line in
            guard let marker = line.range(of: "KUMO-HEARTBEAT ") else { return nil }
            return Int(line[marker.upperBound...].prefix(while: \.isNumber))
        }
    }

    /// Polls the console until `condition` holds for its text.
    public func waitForConsole(
        _ what: String, timeout: Duration = .seconds(60), until condition: (String) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(console()) {
            guard ContinuousClock.now < deadline else {
                throw Failure.consoleTimeout(guest: name, waitingFor: what, after: timeout, console: console())
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: - Image and prerequisites

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `$KUMO_TINY_IMAGE`, or `images/build/kumo-tiny.qcow2` in this repository.
    public static var imagePath: String {
        ProcessInfo.processInfo.environment["KUMO_TINY_IMAGE"] ?? "\(repositoryRoot)/images/build/kumo-tiny.qcow2"
    }

    /// The tiny image, built once with `images/build.sh` if it does not exist yet.
    public static func baseImage() async throws -> String {
        try await ImageBuild.shared.image()
    }

    /// What is missing to boot a tiny guest on a `LibvirtHost` here, or nil if nothing is.
    public static func missingPrerequisite() -> String? {
        if geteuid() != 0 { return "root (for namespaces and libvirtd)" }
        let tools = ["/usr/sbin/libvirtd", "/usr/bin/virsh", "/usr/bin/qemu-system-x86_64", "/usr/bin/qemu-img"]
        if let tool = tools.first(where: { !FileManager.default.isExecutableFile(atPath: $0) }) { return tool }
        if !FileManager.default.fileExists(atPath: imagePath),
            !FileManager.default.isExecutableFile(atPath: "\(repositoryRoot)/images/build.sh")
        {
            return "the tiny image \(imagePath) (and images/build.sh to make it)"
        }
        return nil
    }
}

/// Runs `images/build.sh` at most once per process, however many guests ask for the image.
private actor ImageBuild {
    static let shared = ImageBuild()
    private var build: Task<String, any Error>?

    func image() async throws -> String {
        if build == nil {
            build = Task {
                let path = TinyGuest.imagePath
                if !FileManager.default.fileExists(atPath: path) {
                    try await ProcessRunner.run(["\(TinyGuest.repositoryRoot)/images/build.sh"])
                }
                guard FileManager.default.fileExists(atPath: path) else { throw TinyGuest.Failure.noImage(path: path) }
                return path
            }
        }
        return try await build!.value
    }
}

/// A `LibvirtHost` in a fresh temporary state directory for the duration of `body`; the daemon is
/// stopped (its domains destroyed) afterwards, also when `body` throws. The state directory is removed
/// on success and kept on failure, for its logs. Hosts share a QEMU capabilities cache in the temp
/// directory, so only the first one in a while pays for libvirt's probing of QEMU.
public func withTemporaryLibvirtHost<T>(
    name: String = "test", _ body: (LibvirtHost) async throws -> T
) async throws -> T {
    let state = FileManager.default.temporaryDirectory
        .appendingPathComponent("kumo-virt-\(UUID().uuidString.prefix(8).lowercased())").path
    let host = LibvirtHost(
        name: name, directory: "\(state)/hosts/\(name)/libvirt",
        capabilitiesCache: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-qemu-capabilities").path)
    do {
        try await host.start(logger: Logger(label: "kumo.test.libvirt"))
        let result = try await body(host)
        try await host.stop()
        try? FileManager.default.removeItem(atPath: state)
        return result
    } catch {
        try? await host.stop()
        throw error
    }
}
