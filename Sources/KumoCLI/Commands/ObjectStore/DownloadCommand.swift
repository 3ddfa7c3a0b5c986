import ArgumentParser
import Foundation

/// `kumo object download CONTAINER NAME`: an object streamed to a file or to standard output, checked.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download", abstract: "Download an object to a file or standard output.")

    @OptionGroup var cloud: CloudOptions
    @OptionGroup var progress: ProgressOptions
    @Argument(help: "Container name.") var container: String
    @Argument(help: "Object name.") var name: String
    @Option(
        name: [.customShort("o"), .customLong("file")],
        help: "The file to write (default: the last part of the object name), or - for standard output.")
    var file: String?

    func run() async throws {
        let destination: ObjectDownload.Destination
        switch file {
        case "-": destination = .standardOutput
        case let path?: destination = .file(path)
        case nil:
            let base = URL(fileURLWithPath: name).lastPathComponent
            guard !["", ".", "..", "/"].contains(base) else {
                throw ValidationError("'\(name)' names no file: give one with --file.")
            }
            destination = .file(base)
        }
        try await cloud.withObjectStore { store in
            try await ObjectDownload(
                store: store, container: container, name: name, destination: destination, progress: progress
            ).run()
        }
    }
}
