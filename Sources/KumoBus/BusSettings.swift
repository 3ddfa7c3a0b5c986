/// Where the broker is and how the bus behaves.
///
/// Keys (table `[bus]` of kumo.conf): `host`, `port`, `user`, `password`, `vhost`, `heartbeat_seconds`,
/// `call_timeout_seconds`, `cast_timeout_seconds`, `prefetch`.
public struct BusSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var vhost: String
    /// AMQP heartbeat interval negotiated with the broker; 0 turns heartbeats off.
    public var heartbeatSeconds: Int
    /// Default deadline of `call` when the caller gives none.
    public var callTimeout: Duration
    /// How long a durable cast may wait for the broker's confirm (across reconnections) before it fails.
    public var castTimeout: Duration
    /// Unacknowledged deliveries a consumer may hold (`basic.qos`).
    public var prefetch: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 5682,
        user: String = "guest",
        password: String = "guest",
        vhost: String = "/",
        heartbeatSeconds: Int = 10,
        callTimeout: Duration = .seconds(30),
        castTimeout: Duration = .seconds(60),
        prefetch: Int = 64
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.vhost = vhost
        self.heartbeatSeconds = heartbeatSeconds
        self.callTimeout = callTimeout
        self.castTimeout = castTimeout
        self.prefetch = prefetch
    }
}
