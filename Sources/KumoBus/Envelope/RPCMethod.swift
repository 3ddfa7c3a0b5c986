/// A typed bus method: its wire name, its interface version and the types it carries.
///
/// The callee's module publishes its methods (as `nova/compute/rpcapi.py` does) and callers use them:
/// `static let ping = RPCMethod<Ping, Pong>("ping", version: "1.0")`.
public struct RPCMethod<Arguments: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    public let name: String
    public let version: RPCVersion

    public init(_ name: String, version: RPCVersion = "1.0") {
        self.name = name
        self.version = version
    }
}

/// An empty argument or result.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}

/// `major.minor`: a receiver serves a request whose major equals its own and whose minor is not newer.
public struct RPCVersion: Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"1.2"`; returns nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0
        else { return nil }
        self.init(major: major, minor: minor)
    }

    public init(stringLiteral value: String) {
        guard let version = RPCVersion(parsing: value) else { preconditionFailure("bad RPC version literal \(value)") }
        self = version
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = RPCVersion(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad version \(text)"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(major).\(minor)" }

    /// Whether a receiver at `self` can serve a request made at `requested`.
    public func canServe(_ requested: RPCVersion) -> Bool {
        requested.major == major && requested.minor <= minor
    }

    public static func < (lhs: RPCVersion, rhs: RPCVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
