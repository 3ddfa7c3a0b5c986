import Foundation
import Testing

@testable import KumoVirt

@Suite("console log and root disk size")
struct ConsoleLogTests {
    @Test("the last lines, all of it, or nothing when there is no file")
    func tail() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/console.log"
            #expect(try ConsoleLog.tail(of: path, lines: 3, maxBytes: 1024) == "")
            try Data("one\ntwo\nthree\nfour\n".utf8).write(to: URL(fileURLWithPath: path))
            #expect(try ConsoleLog.tail(of: path, lines: 2, maxBytes: 1024) == "three\nfour\n")
            #expect(try ConsoleLog.tail(of: path, lines: nil, maxBytes: 1024) == "one\ntwo\nthree\nfour\n")
            #expect(try ConsoleLog.tail(of: path, lines: 10, maxBytes: 1024) == "one\ntwo\nthree\nfour\n")
            #expect(try ConsoleLog.tail(of: path, lines: 0, maxBytes: 1024) == "")
            // The byte limit cuts "two"; the cut line is left out.
            #expect(try ConsoleLog.tail(of: path, lines: nil, maxBytes: 13) == "three\nfour\n")
        }
    }

    @Test("root disk: the image's size for 0 GiB, the flavor's when larger, refused when smaller")
    func rootDiskSize() throws {
        #expect(try InstanceDisk.size(rootGB: 0, imageBytes: 45_000_000, uuid: "u") == 45_000_000)
        #expect(try InstanceDisk.size(rootGB: 1, imageBytes: 45_000_000, uuid: "u") == 1 << 30)
        #expect(throws: VirtError.self) { try InstanceDisk.size(rootGB: 1, imageBytes: 2 << 30, uuid: "u") }
    }
}
