import Foundation
import KumoRPC
import Testing

@testable import KumoVirt

@Suite("image cache")
struct ImageCacheTests {
    struct DownloadFailed: Error {}

    actor Counter {
        var value = 0
        func increment() { value += 1 }
    }

    static let image = ImageSpec(id: "0b5c4a0e-9f1f-4c8f-8c1e-6f3f1a2b3c4d", diskFormat: "qcow2")

    @Test("concurrent callers for one image share one download")
    func sharedDownload() async throws {
        try await withTemporaryDirectory { directory in
            let cache = ImageCache(directory: directory)
            let downloads = Counter()
            let paths = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await cache.baseImage(for: Self.image) { destination in
                            await downloads.increment()
                            try await Task.sleep(for: .milliseconds(300))
                            try Data("image bytes".utf8).write(to: URL(fileURLWithPath: destination))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(await downloads.value == 1)
            #expect(Set(paths) == ["\(directory)/\(Self.image.id)"])
            #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == "image bytes")
            // Cached: no second download.
            _ = try await cache.baseImage(for: Self.image) { _ in Issue.record("downloaded again") }
        }
    }

    @Test("a failed download leaves no file and the next call downloads again")
    func failedDownload() async throws {
        try await withTemporaryDirectory { directory in
            let cache = ImageCache(directory: directory)
            await #expect(throws: DownloadFailed.self) {
                try await cache.baseImage(for: Self.image) { destination in
                    try Data("half".utf8).write(to: URL(fileURLWithPath: destination))
                    throw DownloadFailed()
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [])
            let path = try await cache.baseImage(for: Self.image) { destination in
                try Data("whole".utf8).write(to: URL(fileURLWithPath: destination))
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "whole")
        }
    }

    @Test("a cached file that no longer matches its checksum is downloaded again")
    func corruptFile() async throws {
        try await withTemporaryDirectory { directory in
            let write: @Sendable (String) async throws -> Void = { destination in
                try Data("good".utf8).write(to: URL(fileURLWithPath: destination))
            }
            let path = try await ImageCache(directory: directory).baseImage(for: Self.image, download: write)
            try Data("rotten".utf8).write(to: URL(fileURLWithPath: path))
            let again = try await ImageCache(directory: directory).baseImage(for: Self.image, download: write)
            #expect(try String(contentsOfFile: again, encoding: .utf8) == "good")
        }
    }

    @Test("an image id that is not a plain file name is refused")
    func badID() async throws {
        let cache = ImageCache(directory: "/nonexistent")
        for id in ["../etc", "", ".hidden"] {
            await #expect(throws: VirtError.self) {
                try await cache.baseImage(for: ImageSpec(id: id)) { _ in }
            }
        }
    }
}
