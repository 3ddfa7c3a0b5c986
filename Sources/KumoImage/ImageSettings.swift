import KumoConfig
import KumoRuntime

/// Settings of the image service.
///
/// Keys (table `[image]`): `listen_address`, `port`, `segment_bytes`, `max_image_bytes`, and
/// `service_password`, read when the service signs in (see `KumoSettings.servicePassword(for:create:)`);
/// from `[identity]`: `public_host`, `port` and `region`, where the service signs in and the host of
/// its version links.
struct ImageSettings: Sendable {
    var listenAddress: String
    var port: Int
    var segmentBytes: Int
    var maxImageBytes: Int
    var publicHost: String
    /// Identity's v3 URL, where the service's own user signs in.
    var identityURL: String
    var region: String

    init(_ settings: KumoSettings) throws {
        let reader = settings.reader
        listenAddress = try reader.string("image.listen_address")
        port = try reader.int("image.port", in: 1...65535)
        segmentBytes = try reader.int("image.segment_bytes", in: (1 << 20)...(5 << 30))
        maxImageBytes = try reader.int("image.max_image_bytes", in: 1...(1 << 50))
        publicHost = try reader.string("identity.public_host")
        identityURL = "http://\(publicHost):\(try reader.int("identity.port", in: 1...65535))/v3"
        region = try reader.string("identity.region")
    }

    /// The Image API's base URL as clients see it.
    var publicURL: String { "http://\(publicHost):\(port)" }
}
