import Foundation
import Glibc
import KumoObjectDisk
import Testing

@Suite("Object device")
struct ObjectDeviceTests {
    @Test("the file systems used here support user extended attributes")
    func extendedAttributes() throws {
        let disk = try TestDevice()
        try ObjectDevice.checkExtendedAttributes(in: disk.root)
        try ObjectDevice.checkExtendedAttributes(in: FileManager.default.temporaryDirectory.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.root).sorted() == ["objects", "tmp"])
        #expect(try disk.temporaryFiles().isEmpty)
    }

    @Test("a device root that does not exist is refused with its path and the errno text")
    func missingRoot() {
        let root = "/nonexistent-kumo-device"
        #expect(throws: ObjectDiskError.io(path: root, operation: "open device", errno: ENOENT)) {
            try ObjectDevice(root: root)
        }
        let error = ObjectDiskError.io(path: root, operation: "open device", errno: ENOENT)
        #expect(error.description == "open device /nonexistent-kumo-device failed: No such file or directory")
    }

    @Test("errors name what failed")
    func descriptions() {
        let unsupported = ObjectDiskError.extendedAttributesUnsupported(
            path: "/srv/node/sdb", reason: "Operation not supported")
        #expect(unsupported.description.contains("/srv/node/sdb"))
        #expect(unsupported.description.contains("Operation not supported"))
        #expect(
            ObjectDiskError.insufficientStorage(path: "/srv/node/sdb/tmp/x").description.contains("/srv/node/sdb/tmp/x")
        )
        #expect(
            ObjectDiskError.lengthMismatch(expected: 5, actual: 4).description
                == "received 4 bytes but Content-Length was 5")
        #expect(
            ObjectDiskError.corruptObject(path: "/d/x.data", problem: .sizeMismatch(expected: 5, actual: 4)).description
                == "/d/x.data is corrupt (4 bytes, Content-Length 5) and was quarantined")
    }

    @Test("enumeration ignores what is not a partition, suffix or hash")
    func enumeration() throws {
        let disk = try TestDevice()
        let object = hash("ab", suffix: "f00")
        try disk.put(partition: 12, hash: object, bytes: [1], timestamp: timestamp(10))
        try disk.put(partition: 3, hash: hash(suffix: "001"), bytes: [1], timestamp: timestamp(10))
        for junk in [
            "objects/012", "objects/x", "objects/12/zzz", "objects/12/f00/nothex",
            "objects/12/f00/" + hash(suffix: "aaa"),
        ] {
            try FileManager.default.createDirectory(atPath: disk.root + "/" + junk, withIntermediateDirectories: true)
        }
        #expect(try disk.device.partitions() == [3, 12])
        #expect(try disk.device.suffixes(partition: 12) == ["f00"])
        #expect(try disk.device.hashes(partition: 12, suffix: "f00") == [object])
        #expect(try disk.device.suffixes(partition: 40).isEmpty)
        #expect(try disk.device.files(partition: 40, hash: object).isEmpty)
    }
}
