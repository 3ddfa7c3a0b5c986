/// Why ``HTTPSettings`` refused a value.
public enum HTTPSettingsError: Error, Equatable, CustomStringConvertible {
    case invalidAddress(String)
    case invalidPort(Int)

    public var description: String {
        switch self {
        case .invalidAddress(let address): "Invalid listen address '\(address)'"
        case .invalidPort(let port): "Invalid port \(port): expected 0...65535"
        }
    }
}
