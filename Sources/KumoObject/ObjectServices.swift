import AsyncHTTPClient
import Hummingbird
import KumoHTTP
import KumoRuntime
import NIOCore
import ServiceLifecycle

/// The object store's services: the proxy (`kumod object-proxy`) and storage nodes
/// (`kumod storage-node`, see `StorageNode`).
public enum ObjectServices {
    public static let proxyBinary = "kumo-object-proxy"

    /// The Object Storage v1 API on `object.proxy_port`, verifying tokens with identity's keys.
    public static func proxy(_ environment: ServiceEnvironment) throws -> [any Service] {
        let settings = try ObjectSettings(environment.settings)
        let logger = environment.logger
        let rings = try ObjectRings(settings: settings, logger: logger)
        let verification = try environment.tokenVerification()
        let client = StorageHTTPClient.make()
        let backends = Backends(
            client: client, timeout: .seconds(settings.nodeTimeout.components.seconds), logger: logger)
        let proxy = ObjectProxy(settings: settings, rings: rings, backends: backends, logger: logger)
        let app = Application(
            router: proxy.router(verification: verification),
            settings: try HTTPSettings(address: settings.proxyListenAddress, port: settings.proxyPort),
            serverName: proxyBinary, logger: logger)
        return [
            verification, app, HTTPClientShutdown(client: client),
            HeartbeatReporter(environment: environment, binary: proxyBinary),
        ]
    }
}
