import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A download of an object, streamed to standard output or to a file (written under a temporary name
/// beside it and renamed when complete), checked against its Content-Length and, unless it is a
/// static large object (whose ETag is not an MD5 of its bytes), against its ETag.
struct ObjectDownload {
    /// Where the bytes go.
    enum Destination: Sendable {
        case standardOutput
        case file(String)
    }

    let store: ObjectStore
    let container: String
    let name: String
    let destination: Destination
    let progress: ProgressOptions

    func run() async throws {
        let request = HTTPClientRequest(url: store.url(container, name))
        let response = try await store.transfer(request, container, name)
        guard let length = response.headers.first(name: "Content-Length").flatMap(Int64.init) else {
            throw CLIError("\(container)/\(name): the store answered without a Content-Length")
        }
        let etag = ObjectStore.isLargeObject(response.headers) ? nil : response.headers.first(name: "ETag")
        let reporter = progress.reporter(total: length)
        defer { reporter.finish() }
        switch destination {
        case .standardOutput:
            try await receive(response.body, into: .standardOutput, length: length, etag: etag, progress: reporter)
        case .file(let path):
            let url = URL(fileURLWithPath: path)
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).part").path
            do {
                let file = try OpenFile.creating(temporary)
                try await receive(response.body, into: file, length: length, etag: etag, progress: reporter)
                guard rename(temporary, path) == 0 else {
                    throw CLIError("cannot rename to \(path): \(String(cString: strerror(errno)))")
                }
            } catch {
                unlink(temporary)
                throw error
            }
        }
    }

    /// Writes the body to `file`, then checks its length and MD5.
    private func receive(
        _ body: HTTPClientResponse.Body, into file: OpenFile, length: Int64, etag: String?, progress: ProgressReporter
    ) async throws {
        let digest = MD5Digest()
        var received: Int64 = 0
        for try await chunk in body {
            digest.update(chunk)
            try await file.append(chunk)
            received += Int64(chunk.readableBytes)
            progress.add(chunk.readableBytes)
        }
        guard received == length else {
            throw CLIError("\(container)/\(name): received \(received) of its \(length) bytes")
        }
        if let etag, MD5Digest.unquoted(etag) != digest.hex {
            throw CLIError(
                "\(container)/\(name): the MD5 \(digest.hex) of the bytes received is not its ETag '\(etag)'")
        }
    }
}
