import ArgumentParser
import Foundation
import KumoClient
import NIOHTTP1
import Testing

@testable import KumoCLI

@Suite("Object store commands' logic")
struct ObjectStoreTests {
    @Test("a file up to the segment size is one range; a bigger one is cut into segment-size ranges")
    func segmentPlan() {
        let whole = SegmentPlan(fileSize: 1_000_000, segmentSize: 1_000_000)
        #expect(!whole.isSegmented)
        #expect(whole.ranges == [0..<1_000_000])
        #expect(SegmentPlan(fileSize: 0, segmentSize: 10).ranges == [0..<0])

        let even = SegmentPlan(fileSize: 5_000_000, segmentSize: 1_000_000)
        #expect(even.isSegmented)
        #expect(even.ranges.count == 5)
        #expect(even.ranges.last == 4_000_000..<5_000_000)

        let ragged = SegmentPlan(fileSize: 25, segmentSize: 10)
        #expect(ragged.ranges == [0..<10, 10..<20, 20..<25])
        #expect(ragged.ranges.map(\.count).reduce(0, +) == 25)
        #expect(
            ragged.segmentName(of: "disk.img", mtime: "1700000000.000000", index: 2)
                == "disk.img/slo/1700000000.000000/25/10/00000002")
    }

    @Test("progress shows MiB done of the total, percent, mean rate and time left")
    func progressText() {
        let mebibyte: Int64 = 1 << 20
        let progress = TransferProgress(done: 12 * mebibyte, total: 64 * mebibyte, elapsed: .seconds(2))
        #expect(progress.text == "12.0 / 64.0 MiB   18%  6.0 MiB/s  ETA 0:09")
        #expect(progress.bar(width: 10) == "[#---------]")

        let starting = TransferProgress(done: 0, total: 64 * mebibyte, elapsed: .zero)
        #expect(starting.text == "0.0 / 64.0 MiB    0%  -- MiB/s  ETA --:--")
        #expect(starting.bar(width: 4) == "[----]")

        let done = TransferProgress(done: 3 * mebibyte / 2, total: 3 * mebibyte / 2, elapsed: .milliseconds(500))
        #expect(done.text == "1.5 / 1.5 MiB  100%  3.0 MiB/s  ETA 0:00")
        #expect(done.bar(width: 4) == "[####]")
        #expect(TransferProgress(done: 0, total: 0, elapsed: .zero).bar(width: 2) == "[##]")

        #expect(TransferProgress.clock(59) == "0:59")
        #expect(TransferProgress.clock(3725) == "1:02:05")
    }

    /// Canned JSON listing pages, by the marker they are asked for with.
    static func pages(_ pages: [String?: String]) -> (String?) throws -> [ListingEntry] {
        { marker in try JSONDecoder().decode([ListingEntry].self, from: Data((pages[marker] ?? "[]").utf8)) }
    }

    @Test("a listing is read page by page, each after the last name of the one before, to an empty page")
    func paging() async throws {
        let page = Self.pages([
            nil: #"[{"name": "a", "bytes": 1, "hash": "h1"}, {"name": "b", "bytes": 2}]"#,
            "b": #"""
                [{"name": "c/d", "bytes": 3, "content_type": "text/plain",
                  "last_modified": "2026-01-02T03:04:05.000000"}]
                """#,
        ])
        var markers: [String?] = []
        let entries = try await ListingEntry.all { marker in
            markers.append(marker)
            return try page(marker)
        }
        #expect(entries.map(\.key) == ["a", "b", "c/d"])
        #expect(entries.map(\.bytes) == [1, 2, 3])
        #expect(entries[2].contentType == "text/plain")
        #expect(entries[2].lastModified == "2026-01-02T03:04:05.000000")
        #expect(markers == [nil, "b", "c/d"])
    }

    @Test("a folded subdir is the next marker and is not listed twice")
    func pagingSubdirectories() async throws {
        let page = Self.pages([
            nil: #"[{"name": "big.bin"}, {"subdir": "dir/"}]"#,
            "dir/": #"[{"subdir": "dir/"}, {"name": "small.txt"}]"#,
            "small.txt": "[]",
        ])
        let entries = try await ListingEntry.all { try page($0) }
        #expect(entries.map(\.key) == ["big.bin", "dir/", "small.txt"])
        #expect(entries[1].name == nil && entries[1].subdir == "dir/")
    }

    @Test("an account listing has container counts and bytes")
    func accountListing() throws {
        let entries = try JSONDecoder().decode(
            [ListingEntry].self, from: Data(#"[{"name": "photos", "count": 3, "bytes": 12345}]"#.utf8))
        #expect(entries == [ListingEntry(name: "photos", bytes: 12345, count: 3)])
    }

    @Test("names are percent-encoded in URLs: an object's slashes kept, a container's not")
    func encoding() {
        #expect(ObjectStore.encoded("dir/a b.txt", keepingSlashes: true) == "dir/a%20b.txt")
        #expect(ObjectStore.encoded("a/b&c=d") == "a%2Fb%26c%3Dd")
        #expect(ObjectStore.encoded("é") == "%C3%A9")
    }

    @Test("metadata headers become lowercase keys; the large-object header is read")
    func headers() {
        let headers: HTTPHeaders = [
            "X-Object-Meta-Color": "blue", "x-object-meta-MTIME": "1.5", "Content-Type": "text/plain",
            "X-Static-Large-Object": "True",
        ]
        #expect(ObjectStore.metadata(headers, prefix: "X-Object-Meta-") == ["color": "blue", "mtime": "1.5"])
        #expect(ObjectStore.isLargeObject(headers))
        #expect(!ObjectStore.isLargeObject(["Content-Type": "text/plain"]))
        #expect(MD5Digest.unquoted("\"ABC\"") == "abc")
    }

    @Test("upload and download options: defaults, and - for standard output")
    func options() throws {
        let upload = try #require(try KumoCommand.parseAsRoot(["object", "upload", "c", "f"]) as? UploadCommand)
        #expect(upload.segmentSize == 64 << 20 && upload.parallel == 4 && upload.name == nil)
        #expect(throws: (any Error).self) {
            try KumoCommand.parseAsRoot(["object", "upload", "c", "f", "--parallel", "0"])
        }
        let download = try #require(
            try KumoCommand.parseAsRoot(["object", "download", "c", "n", "-o", "-"]) as? DownloadCommand)
        #expect(download.file == "-")
        let container = try #require(
            try KumoCommand.parseAsRoot(["container", "create", "--public", "web"]) as? ContainerCommand.Create)
        #expect(container.isPublic && container.name == "web")
    }
}
