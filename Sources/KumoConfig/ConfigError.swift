/// A configuration problem; the message names the key (and the file or variable it came from).
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
