import KumoConfig
import KumoRuntime

/// Settings of compute-api and the conductor (table `[compute]`, plus where identity and the image
/// service answer).
struct ComputeSettings: Sendable {
    var listenAddress: String
    var port: Int
    var publicHost: String
    var maxInstancesPerRequest: Int
    /// A compute host whose last report is older than this is down.
    var downAfterSeconds: Int
    /// The Image API's base URL, where servers' images are looked up with the caller's token.
    var imageURL: String

    init(_ settings: KumoSettings) throws {
        let reader = settings.reader
        listenAddress = try reader.string("compute.listen_address")
        port = try reader.int("compute.port", in: 1...65535)
        publicHost = try reader.string("identity.public_host")
        maxInstancesPerRequest = try reader.int("compute.max_instances_per_request", in: 1...1000)
        downAfterSeconds = try reader.int("services.down_after_seconds", in: 1...86_400)
        imageURL = "http://\(publicHost):\(try reader.int("image.port", in: 1...65535))"
    }

    /// The Compute API's base URL as clients see it.
    var publicURL: String { "http://\(publicHost):\(port)" }
}
