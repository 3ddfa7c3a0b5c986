import Crypto
import Foundation
import KumoClient
import KumoTesting
import Testing

/// `kumo`'s container and object commands, the built binary as a user runs it, against a real
/// one-machine object store (identity, three storage nodes, the proxy).
@Suite("kumo container and object commands against the Kumo object store", .serialized, .timeLimit(.minutes(5)))
struct KumoObjectCLITests {
    typealias Object = [String: JSONValue]

    @Test("containers, plain and segmented uploads, listings, stat, download, delete; errors name the status")
    func commands() async throws {
        let cloud = try await LocalCloud.start(basePort: 15500)
        defer { cloud.shutdown() }
        let home = try TemporaryDirectory(prefix: "kumo-object-cli-home")
        let work = try TemporaryDirectory(prefix: "kumo-object-cli")
        let environment = cloud.adminOpenRC.merging(["KUMO_HOME": home.path]) { $1 }

        let cli = KumoCLIRunner(environment: environment)
        func names(_ arguments: [String]) async throws -> [String] {
            try await cli.json([Object].self, arguments).compactMap { $0["name"]?.string ?? $0["subdir"]?.string }
        }
        func file(_ name: String) -> String { "\(work.path)/\(name)" }

        // Containers.
        try await cli.succeed(["container", "create", "photos"])
        try await cli.succeed(["container", "create", "--public", "web"])
        // The account's listing learns of containers from the storage nodes within a second or so.
        try await eventually { try await names(["container", "list"]) == ["photos", "web"] }
        let web = try await cli.json(Object.self, ["container", "show", "web"])
        #expect(web["read_acl"]?.string == ".r:*,.rlistings")
        #expect(web["objects"]?.string == "0")
        #expect(try await cli.json(Object.self, ["container", "show", "photos"])["read_acl"] == JSONValue.null)

        // Uploads: small files in one PUT, a 5 MB file in 5 segments, 3 at a time.
        try FileManager.default.createDirectory(atPath: file("dir"), withIntermediateDirectories: true)
        let small = Data("small file\n".utf8)
        try small.write(to: URL(fileURLWithPath: file("small.txt")))
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: file("dir/a.txt")))
        try Data("b\n".utf8).write(to: URL(fileURLWithPath: file("dir/b.txt")))
        let big = Data((0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        try big.write(to: URL(fileURLWithPath: file("big.bin")))
        try await cli.succeed(["object", "upload", "photos", file("small.txt")])
        try await cli.succeed(["object", "upload", "photos", file("dir/a.txt"), "--name", "dir/a.txt", "-q"])
        try await cli.succeed(["object", "upload", "photos", file("dir/b.txt"), "--name", "dir/b.txt", "-q"])
        let upload = try await cli.succeed([
            "object", "upload", "photos", file("big.bin"), "--segment-size", "1000000", "--parallel", "3",
        ])
        // Not a terminal: plain progress lines, the last one complete.
        #expect(upload.contains("4.8 / 4.8 MiB  100%"), "\(upload)")

        let segments = try await cli.json([Object].self, ["object", "list", "photos_segments"])
        #expect(segments.count == 5)
        #expect(segments.allSatisfy { $0["bytes"] == 1_000_000 })
        #expect(segments.allSatisfy { $0["name"]?.string?.hasPrefix("big.bin/slo/") == true })
        try await eventually { try await names(["container", "list"]) == ["photos", "photos_segments", "web"] }

        // Listings.
        #expect(try await names(["object", "list", "photos"]) == ["big.bin", "dir/a.txt", "dir/b.txt", "small.txt"])
        #expect(try await names(["object", "list", "photos", "--prefix", "dir/"]) == ["dir/a.txt", "dir/b.txt"])
        #expect(try await names(["object", "list", "photos", "--delimiter", "/"]) == ["big.bin", "dir/", "small.txt"])
        let long = try await cli.succeed(["object", "list", "photos", "--long"])
        let smallRow = long.split(separator: "\n").first { $0.hasPrefix("| small.txt ") }
        let cells = smallRow?.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(cells?.prefix(4) == ["small.txt", "11", ObjectStoreFixture.md5(small), "text/plain"], "\(long)")
        try await eventually {
            try await cli.succeed(["container", "list"]).contains("| photos_segments | 5       | 5000000 |")
        }

        // Stat.
        let bigStat = try await cli.json(Object.self, ["object", "stat", "photos", "big.bin"])
        #expect(bigStat["size"]?.string == "5000000")
        #expect(bigStat["large_object"] == true)
        let smallStat = try await cli.json(Object.self, ["object", "stat", "photos", "small.txt"])
        #expect(smallStat["size"]?.string == "11")
        #expect(smallStat["etag"]?.string == ObjectStoreFixture.md5(small))
        #expect(smallStat["content_type"]?.string == "text/plain")
        #expect(smallStat["large_object"] == false)
        #expect(smallStat["metadata"]?["mtime"]?.string != nil)
        #expect(try await cli.succeed(["object", "stat", "photos", "small.txt"]).contains("| large_object  | False"))

        // Downloads.
        try await cli.succeed(["object", "download", "photos", "big.bin", "--file", file("big.out"), "-q"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: file("big.out"))) == big)
        #expect(try await cli.succeed(["object", "download", "photos", "small.txt", "-o", "-", "-q"]) == "small file\n")
        try await cli.succeed(["object", "download", "photos", "dir/a.txt", "--file", file("a.out")])
        #expect(try Data(contentsOf: URL(fileURLWithPath: file("a.out"))) == Data("a\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).allSatisfy { !$0.hasSuffix(".part") })

        // Deleting the large object deletes its segments.
        try await cli.succeed(["object", "delete", "photos", "big.bin"])
        #expect(try await cli.json([Object].self, ["object", "list", "photos_segments"]).isEmpty)
        #expect(try await names(["object", "list", "photos"]) == ["dir/a.txt", "dir/b.txt", "small.txt"])

        // A container with objects is deleted only recursively.
        let notEmpty = try await cli.run(["container", "delete", "photos"])
        #expect(notEmpty.status != 0 && notEmpty.output.contains("(HTTP 409)"), "\(notEmpty.output)")
        try await cli.succeed(["container", "delete", "--recursive", "photos"])
        try await cli.succeed(["container", "delete", "photos_segments"])
        try await eventually { try await names(["container", "list"]) == ["web"] }

        // Bad input: non-zero exit, the store's status, what is missing named.
        let missingContainer = try await cli.run(["object", "upload", "nope", file("small.txt")])
        #expect(missingContainer.status != 0)
        #expect(
            missingContainer.output.contains("kumo: container 'nope' not found (HTTP 404)"),
            "\(missingContainer.output)")
        let missingFile = try await cli.run(["object", "upload", "web", file("absent.txt")])
        #expect(missingFile.status != 0)
        #expect(
            missingFile.output.contains("kumo: cannot read \(file("absent.txt")): No such file or directory"),
            "\(missingFile.output)")
        let missingObject = try await cli.run(["object", "stat", "web", "absent.txt"])
        #expect(missingObject.status != 0)
        #expect(
            missingObject.output.contains("kumo: no object 'absent.txt' in container 'web' (HTTP 404)"),
            "\(missingObject.output)")
    }
}
