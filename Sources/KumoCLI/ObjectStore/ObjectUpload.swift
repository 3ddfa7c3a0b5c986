import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An upload of a file: streamed as one object up to the segment size; past it, as segments streamed
/// `parallel` at a time to `<container>_segments`, then a static large object manifest listing them.
/// Each object's ETag is checked against the MD5 of the bytes sent.
struct ObjectUpload: Sendable {
    let store: ObjectStore
    let container: String
    let name: String
    let file: OpenFile
    let plan: SegmentPlan
    let parallel: Int
    let progress: ProgressReporter
    /// The file's modification time, as swiftclient keeps it in `X-Object-Meta-Mtime` and segment names.
    let mtime: String

    init(
        store: ObjectStore, container: String, name: String, path: String, segmentSize: Int, parallel: Int,
        progress: ProgressOptions
    ) throws {
        self.store = store
        self.container = container
        self.name = name
        self.parallel = parallel
        file = try OpenFile.reading(path)
        plan = SegmentPlan(fileSize: try file.size(), segmentSize: segmentSize)
        self.progress = progress.reporter(total: Int64(plan.fileSize))
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        mtime = String(format: "%.6f", modified.timeIntervalSince1970)
    }

    var segmentContainer: String { container + "_segments" }

    func run() async throws {
        _ = try await store.head(container)
        defer { progress.finish() }
        let headers = [("X-Object-Meta-Mtime", mtime)]
        if plan.isSegmented {
            let segments = try await uploadSegments()
            let manifest = try JSONEncoder().encode(segments)
            let url = store.url(container, name, query: [("multipart-manifest", "put")])
            try await store.cloud.send(.PUT, url, headers: headers, body: manifest)
        } else {
            try await put(container, name, range: 0..<plan.fileSize, headers: headers)
        }
    }

    /// A segment as a manifest lists it.
    struct ManifestSegment: Encodable {
        var path: String
        var etag: String
        var size_bytes: Int
    }

    /// Uploads the segments, `parallel` at a time; the manifest's list of them.
    private func uploadSegments() async throws -> [ManifestSegment] {
        let ranges = plan.ranges
        let limit = try await store.maxManifestSegments()
        guard ranges.count <= limit else {
            throw CLIError(
                "\(file.path) makes \(ranges.count) segments of \(plan.segmentSize) bytes, more than the store's "
                    + "\(limit): give a larger --segment-size")
        }
        try await store.ensureContainer(segmentContainer)
        let names = ranges.indices.map { plan.segmentName(of: name, mtime: mtime, index: $0) }
        let etags = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var etags = [String](repeating: "", count: ranges.count)
            for index in ranges.indices {
                if index >= parallel, let finished = try await group.next() { etags[finished.0] = finished.1 }
                group.addTask { (index, try await put(segmentContainer, names[index], range: ranges[index])) }
            }
            for try await (done, etag) in group { etags[done] = etag }
            return etags
        }
        return ranges.indices.map {
            ManifestSegment(path: "/\(segmentContainer)/\(names[$0])", etag: etags[$0], size_bytes: ranges[$0].count)
        }
    }

    /// Streams `range` of the file to an object; its ETag, checked against the MD5 of what was sent.
    @discardableResult
    private func put(
        _ container: String, _ object: String, range: Range<Int>, headers: [(String, String)] = []
    ) async throws -> String {
        let digest = MD5Digest()
        var request = HTTPClientRequest(url: store.url(container, object))
        request.method = .PUT
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let chunks = FileChunks(file: file, range: range) { [progress] chunk in
            digest.update(chunk)
            progress.add(chunk.readableBytes)
        }
        request.body = .stream(chunks, length: .known(Int64(range.count)))
        let response = try await store.transfer(request, container, object)
        _ = try await response.body.collect(upTo: 1 << 20)
        let etag = MD5Digest.unquoted(response.headers.first(name: "ETag") ?? "")
        guard etag == digest.hex else {
            throw CLIError(
                "\(container)/\(object): the store's ETag '\(etag)' is not the MD5 \(digest.hex) of the bytes sent")
        }
        return etag
    }
}
