/// Where an API listens, checked when made.
///
/// A service reads it from its own table: `<service>.listen_address` (string, e.g. `"127.0.0.1"`) and
/// `<service>.port` (int, e.g. `5000` for identity; `0` picks a free port, for tests).
public struct HTTPSettings: Sendable, Equatable {
    /// Host name or IP address to bind.
    public let address: String
    /// TCP port, `0...65535`.
    public let port: Int

    /// - Throws: ``HTTPSettingsError`` for an empty or blank address or a port outside `0...65535`.
    public init(address: String, port: Int) throws(HTTPSettingsError) {
        guard !address.isEmpty, !address.contains(where: \.isWhitespace) else {
            throw .invalidAddress(address)
        }
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        self.address = address
        self.port = port
    }
}
