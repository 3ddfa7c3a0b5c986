import Foundation
import KumoRPC
import KumoRuntime
import KumoTesting
import KumoVirt
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// KumoVirt's `LibvirtDriver` on Kumo's own libvirtd with the tiny image under TCG, guests judged by
/// their serial console.
@Suite("libvirt driver", .serialized, .timeLimit(.minutes(10)))
struct LibvirtDriverTests {
    @Test("spawn with a config drive; pause, suspend, stop, start, hard and soft reboot; destroy leaves nothing")
    func lifecycle() async throws {
        if let missing = TinyGuest.missingPrerequisite() {
            Issue.record("cannot boot guests here: \(missing)")
            return
        }
        try await withTemporaryLibvirtHost(name: "virt") { host in
            try await Self.withDriver(on: host) { driver in
                let instance = Self.instance(
                    userData: Data("kumo-userdata-line\nsecond line\n".utf8).base64EncodedString(),
                    metadata: ["role": "test"], keyName: "k1", publicKey: "ssh-ed25519 AAAA test")
                let uuid = instance.uuid
                try await driver.spawn(instance, baseImage: try await Self.baseImage(driver, instance))
                let guest = Self.guest(driver, uuid)
                try await guest.waitForConsole("config drive lines", timeout: .seconds(120)) {
                    $0.contains("KUMO-GUEST-READY") && $0.contains("KUMO-INSTANCE-UUID \(uuid)")
                        && $0.contains("KUMO-USERDATA kumo-userdata-line") && $0.contains("KUMO-HOSTNAME vm-test")
                }
                #expect(try await driver.powerState(uuid) == .running)
                #expect(try await driver.instances() == [uuid: .running])
                #expect(try await driver.consoleOutput(uuid, lines: 400).contains("KUMO-INSTANCE-UUID \(uuid)"))

                // Paused: the heartbeat counter stops; unpaused: it goes on.
                try await guest.waitForConsole("heartbeats", timeout: .seconds(30)) { _ in
                    guest.heartbeats().count >= 3
                }
                try await driver.pause(uuid)
                #expect(try await driver.powerState(uuid) == .paused)
                let whilePaused = guest.heartbeats().last ?? 0
                try await Task.sleep(for: .seconds(1))
                #expect(guest.heartbeats().last == whilePaused)
                try await driver.unpause(uuid)
                try await guest.waitForConsole("heartbeat after unpause", timeout: .seconds(30)) { _ in
                    (guest.heartbeats().last ?? 0) > whilePaused
                }

                // Suspended: memory in the managed save image, QEMU gone; resumed: the counter goes on.
                try await driver.suspend(uuid)
                let beforeSave = guest.heartbeats().last ?? 0
                #expect(try await driver.powerState(uuid) == .suspended)
                #expect(FileManager.default.fileExists(atPath: Self.managedSaveImage(host, uuid)))
                #expect(await Self.qemuPID(host, uuid) == nil)
                try await driver.resume(uuid)
                try await guest.waitForConsole("heartbeats after resume", timeout: .seconds(60)) { _ in
                    guest.heartbeats().filter { $0 > beforeSave }.count >= 2
                }
                let afterResume = guest.heartbeats().drop(while: { $0 <= beforeSave })
                #expect(
                    afterResume.first.map { $0 <= beforeSave + 30 } == true, "the counter resumed near \(beforeSave)")
                #expect(!afterResume.contains(1))

                // Stop by ACPI, start, hard and soft reboot: each boot adds a ready line to the same log.
                try await driver.stop(uuid, timeout: .seconds(60))
                #expect(try await driver.powerState(uuid) == .shutdown)
                #expect(guest.console().contains("KUMO-SHUTDOWN"))
                try await driver.start(uuid)
                try await guest.waitForConsole("second boot", timeout: .seconds(120)) { Self.boots($0) >= 2 }
                try await driver.reboot(uuid, hard: true)
                try await guest.waitForConsole("third boot", timeout: .seconds(120)) { Self.boots($0) >= 3 }
                #expect(try await driver.powerState(uuid) == .running)
                try await driver.reboot(uuid, hard: false, timeout: .seconds(60))
                try await guest.waitForConsole("fourth boot", timeout: .seconds(120)) { Self.boots($0) >= 4 }
                #expect(guest.console().components(separatedBy: "KUMO-SHUTDOWN").count - 1 == 2, "two ACPI shutdowns")

                let resources = try await driver.hostResources()
                #expect(resources.vcpus > 0 && resources.memoryMB > 0 && resources.diskGB > 0)
                #expect(resources.cpuArchitecture == "x86_64")
                #expect(resources.hypervisorVersion > 1_000_000)

                try await driver.destroy(uuid)
                #expect(try await driver.powerState(uuid) == nil)
                #expect(try await driver.instances().isEmpty)
                #expect(!FileManager.default.fileExists(atPath: driver.files(of: uuid).path))
                #expect(await Self.qemuPID(host, uuid) == nil)
            }
        }
    }

    @Test("a retried spawn replaces the first; a QEMU killed from outside is reported stopped")
    func killedGuest() async throws {
        if let missing = TinyGuest.missingPrerequisite() {
            Issue.record("cannot boot guests here: \(missing)")
            return
        }
        try await withTemporaryLibvirtHost(name: "virt-kill") { host in
            try await Self.withDriver(on: host) { driver in
                let states = PowerStateLog()
                let events = try await driver.lifecycleEvents()
                let listener = Task { for await event in events { await states.append(event) } }
                defer { listener.cancel() }

                let instance = Self.instance()
                let uuid = instance.uuid
                let base = try await Self.baseImage(driver, instance)
                try await driver.spawn(instance, baseImage: base)
                try await driver.spawn(instance, baseImage: base)  // as after a crash of the agent mid-build
                let guest = Self.guest(driver, uuid)
                try await guest.waitForConsole("KUMO-GUEST-READY", timeout: .seconds(120)) {
                    $0.contains("KUMO-GUEST-READY")
                }
                #expect(Self.boots(guest.console()) == 1)
                #expect(await states.states(of: uuid).last == .running)

                let pid = try #require(await Self.qemuPID(host, uuid))
                kill(pid, SIGKILL)
                try await eventually(within: .seconds(10)) {
                    [.shutdown, .crashed].contains(await states.states(of: uuid).last)
                }
                #expect([.shutdown, .crashed].contains(try await driver.powerState(uuid)))
                try await driver.destroy(uuid)
            }
        }
    }

    // MARK: - Fixtures

    static func instance(
        userData: String? = nil, metadata: [String: String] = [:], keyName: String? = nil, publicKey: String? = nil
    ) -> InstanceSpec {
        InstanceSpec(
            uuid: UUID().uuidString.lowercased(), name: "vm <test> & co", hostname: "vm-test", projectID: "project-1",
            userID: "user-1", flavor: FlavorSpec(id: "1", name: "m1.tiny", vcpus: 1, memoryMB: 256, rootGB: 1),
            image: ImageSpec(id: "tiny-\(UUID().uuidString.prefix(8).lowercased())", diskFormat: "qcow2"),
            userData: userData, metadata: metadata, keyName: keyName, publicKey: publicKey, availabilityZone: "nova")
    }

    /// The tiny image through the driver's image cache, "downloaded" by copying it.
    static func baseImage(_ driver: LibvirtDriver, _ instance: InstanceSpec) async throws -> String {
        let tiny = try await TinyGuest.baseImage()
        return try await driver.imageCache.baseImage(for: instance.image) { destination in
            try FileManager.default.copyItem(atPath: tiny, toPath: destination)
        }
    }

    /// The instance seen as a tiny guest, for its console helpers.
    static func guest(_ driver: LibvirtDriver, _ uuid: String) -> TinyGuest {
        TinyGuest(name: "kumo-\(uuid)", directory: driver.files(of: uuid).path)
    }

    static func boots(_ console: String) -> Int {
        console.components(separatedBy: "KUMO-GUEST-READY").count - 1
    }

    static func managedSaveImage(_ host: LibvirtHost, _ uuid: String) -> String {
        "\(host.directory)/lib/qemu/save/kumo-\(uuid).save"
    }

    /// The pid of the instance's QEMU while it runs, from libvirt's pid file.
    static func qemuPID(_ host: LibvirtHost, _ uuid: String) async -> Int32? {
        guard let text = try? String(contentsOfFile: "\(host.directory)/run/qemu/kumo-\(uuid).pid", encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0
        else { return nil }
        return pid
    }

    /// A driver on `host` with fresh instance and cache directories and a bridge of its own; every
    /// instance, the bridge and the directories are removed afterwards, also when `body` throws.
    static func withDriver<T>(on host: LibvirtHost, _ body: (LibvirtDriver) async throws -> T) async throws -> T {
        let state = FileManager.default.temporaryDirectory
            .appendingPathComponent("kumo-driver-\(UUID().uuidString.prefix(8).lowercased())").path
        let bridge = HostBridge(host: "\(host.name)-\(state)")
        let settings = LibvirtDriverSettings(
            uri: host.uri, instancesDirectory: "\(state)/instances", imageCacheDirectory: "\(state)/images",
            virtType: .qemu, bridge: bridge)
        let driver = try await LibvirtDriver.connect(settings: settings, logger: Logger(label: "kumo.test.virt"))
        func cleanUp() async {
            for uuid in (try? await driver.instances())?.keys.sorted() ?? [] { try? await driver.destroy(uuid) }
            try? await driver.close()
            _ = try? await ProcessRunner.run(["ip", "link", "delete", "dev", bridge.name])
            try? FileManager.default.removeItem(atPath: state)
        }
        do {
            let result = try await body(driver)
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }
}

/// Power states the driver reported, in order.
actor PowerStateLog {
    var events: [(uuid: String, state: PowerState)] = []

    func append(_ event: (uuid: String, state: PowerState)) {
        events.append(event)
    }

    func states(of uuid: String) -> [PowerState] {
        events.filter { $0.uuid == uuid }.map(\.state)
    }
}
