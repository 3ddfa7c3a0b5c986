import ArgumentParser
import Foundation

/// `kumo object upload CONTAINER FILE`: a file streamed to an object; a big one as a static large object
/// of segments uploaded in parallel.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload a file as an object.",
        discussion: """
            A file bigger than the segment size is uploaded in segments to CONTAINER_segments (created if \
            missing), several at a time, and stored as a static large object listing them.
            """)

    @OptionGroup var cloud: CloudOptions
    @OptionGroup var progress: ProgressOptions
    @Argument(help: "Container name.") var container: String
    @Argument(help: "The file to upload.") var file: String
    @Option(help: "Object name (default: the file's name).") var name: String?
    @Option(help: "Bytes per segment: files bigger than this are uploaded in segments.") var segmentSize = 64 << 20
    @Option(help: "Segments uploaded at the same time.") var parallel = 4

    func validate() throws {
        guard segmentSize >= 1 else { throw ValidationError("--segment-size must be 1 or more.") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be 1 or more.") }
    }

    func run() async throws {
        let name = self.name ?? URL(fileURLWithPath: file).lastPathComponent
        try await cloud.withObjectStore { store in
            try await ObjectUpload(
                store: store, container: container, name: name, path: file, segmentSize: segmentSize,
                parallel: parallel, progress: progress
            ).run()
        }
    }
}
