import Foundation
import KumoRuntime
import KumoTesting
import NIOCore
import Testing

@testable import KumoImage

@Suite("qcow2 headers and disk format checks")
struct QCOW2HeaderTests {
    /// A header as qemu-img writes it: `version`, 64 KiB clusters, `size` virtual bytes.
    static func header(version: UInt32 = 3, size: UInt64 = 1 << 30, backing: UInt64 = 0, incompatible: UInt64 = 0) -> [UInt8] {
        func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
        var header = QCOW2Header.magic + bytes(version) + bytes(backing) + bytes(UInt32(0)) + bytes(UInt32(16)) + bytes(size)
        header += [UInt8](repeating: 0, count: 72 - header.count) + bytes(incompatible)
        header += [UInt8](repeating: 0, count: QCOW2Header.length - header.count)
        return header
    }

    @Test("the virtual size and version of a version 2 and a version 3 header")
    func parse() throws {
        let v3 = try QCOW2Header(Self.header(size: 45_088_768))
        #expect(v3.version == 3 && v3.virtualSize == 45_088_768 && v3.clusterBits == 16)
        #expect(!v3.hasBackingFile && !v3.hasExternalDataFile)
        let v2 = try QCOW2Header(Array(Self.header(version: 2, size: 4096).prefix(QCOW2Header.version2Length)))
        #expect(v2.version == 2 && v2.virtualSize == 4096)
    }

    @Test("a header that qemu-img made is read", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/qemu-img")))
    func qemuImg() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/disk.qcow2"
        try await ProcessRunner.run(["qemu-img", "create", "-q", "-f", "qcow2", path, "77M"])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try QCOW2Header(Array(bytes.prefix(QCOW2Header.length))).virtualSize == 77 << 20)
    }

    @Test(
        "a bad magic, version or cluster size is refused",
        arguments: [
            [UInt8](repeating: 0, count: 104), header(version: 4), Array(header().prefix(50)),
            { var bytes = header(); bytes[23] = 40; return bytes }(),
        ])
    func refused(bytes: [UInt8]) {
        #expect(throws: ImageDataError.self) { try QCOW2Header(bytes) }
    }

    @Test("qcow2 data with a backing file or an external data file is refused")
    func dangerous() {
        #expect(throws: ImageDataError.backingFile) {
            try ImageDigest.virtualSize(header: Self.header(backing: 512), size: 104, diskFormat: "qcow2")
        }
        #expect(throws: ImageDataError.externalDataFile) {
            try ImageDigest.virtualSize(header: Self.header(incompatible: 0b100), size: 104, diskFormat: "qcow2")
        }
    }

    @Test("data must suit its disk format: qcow2 is qcow2, raw and iso are not")
    func formats() throws {
        let plain = [UInt8](repeating: 1, count: 104)
        #expect(throws: ImageDataError.notQCOW2) { try ImageDigest.virtualSize(header: plain, size: 104, diskFormat: "qcow2") }
        #expect(throws: ImageDataError.unexpectedQCOW2(diskFormat: "raw")) {
            try ImageDigest.virtualSize(header: Self.header(), size: 104, diskFormat: "raw")
        }
        #expect(try ImageDigest.virtualSize(header: plain, size: 5000, diskFormat: "raw") == 5000)
        #expect(try ImageDigest.virtualSize(header: plain, size: 5000, diskFormat: "vmdk") == nil)
    }

    @Test("the digest hashes the bytes and rejects bad data as soon as the header arrived")
    func digest() throws {
        var digest = ImageDigest(diskFormat: "qcow2")
        try digest.update(ByteBuffer(bytes: Self.header().prefix(50)))
        try digest.update(ByteBuffer(bytes: Self.header().dropFirst(50)))
        try digest.update(ByteBuffer(string: "tail"))
        let result = try digest.finish()
        #expect(digest.count == 108)
        #expect(result.virtualSize == 1 << 30)
        #expect(result.checksum.count == 32 && result.hashValue.count == 128)

        var raw = ImageDigest(diskFormat: "raw")
        #expect(throws: ImageDataError.unexpectedQCOW2(diskFormat: "raw")) { try raw.update(ByteBuffer(bytes: Self.header())) }
    }
}
