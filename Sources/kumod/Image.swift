import ArgumentParser
import KumoImage
import KumoRuntime

/// `kumod image`: the Image v2 API (Glance); image data lives in the object store.
struct Image: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the image service.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings: settings, service: "image")
        try await KumoProcess.run(settings: settings, manageBroker: false, logger: logger) { environment in
            try ImageServices.make(environment)
        }
    }
}
