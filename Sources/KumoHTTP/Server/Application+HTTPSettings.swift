import Hummingbird
import Logging

extension Application {
    /// An API application (a swift-service-lifecycle `Service`) listening where `settings` say.
    ///
    /// Run it inside `kumod`'s one `ServiceGroup`, never with `runService()`.
    /// - Parameters:
    ///   - serverName: sent as the `Server` header, e.g. `"kumo-identity"`.
    ///   - logger: the service's logger; each request's logger derives from it.
    public init<Context>(
        router: Router<Context>,
        settings: HTTPSettings,
        serverName: String? = nil,
        logger: Logger
    ) where Responder == RouterResponder<Context> {
        self.init(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(settings.address, port: settings.port),
                serverName: serverName
            ),
            logger: logger
        )
    }
}
