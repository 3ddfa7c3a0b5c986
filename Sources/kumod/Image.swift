import ArgumentParser
import KumoImage

/// `kumod image`: the Image v2 API (Glance); image data lives in the object store.
struct Image: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the image service.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        try await options.run(service: "image", ImageServices.make)
    }
}
