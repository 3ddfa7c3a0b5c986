import Foundation
import KumoCore

/// The JSON body of every bus message: `{"v": 1, "method", "version", "context", "args"}`.
///
/// `v` is the envelope format; `version` is the method's interface version.
public struct RequestEnvelope<Arguments: Codable & Sendable>: Codable, Sendable {
    public static var format: Int { 1 }

    public var v: Int
    public var method: String
    public var version: RPCVersion
    public var context: OperationContext
    public var args: Arguments

    public init(method: String, version: RPCVersion, context: OperationContext, args: Arguments) {
        self.v = Self.format
        self.method = method
        self.version = version
        self.context = context
        self.args = args
    }
}

/// The envelope without its arguments, decoded first to pick the handler.
public struct RequestHeader: Codable, Sendable {
    public var v: Int
    public var method: String
    public var version: RPCVersion
    public var context: OperationContext
}

/// The reply to a call: either `result` or `error`.
public struct ReplyEnvelope<Result: Codable & Sendable>: Codable, Sendable {
    public var v: Int
    public var result: Result?
    public var error: RemoteErrorBody?

    public init(result: Result) {
        self.v = RequestEnvelope<Empty>.format
        self.result = result
        self.error = nil
    }

    public init(error: RemoteErrorBody) {
        self.v = RequestEnvelope<Empty>.format
        self.result = nil
        self.error = error
    }
}

/// How an error crosses the bus.
public struct RemoteErrorBody: Codable, Sendable, Equatable {
    public var kind: String
    public var status: Int
    public var message: String

    /// A `PublicError` keeps its status and message; anything else becomes an opaque internal error.
    public init(_ error: any Error) {
        if let remote = error as? RemoteError {
            self.init(kind: remote.kind, status: remote.statusCode, message: remote.publicMessage)
        } else if let publicError = error as? any PublicError {
            self.init(kind: String(describing: type(of: publicError)), status: publicError.statusCode,
                      message: publicError.publicMessage)
        } else {
            self.init(kind: "InternalError", status: 500, message: "internal error")
        }
    }

    public init(kind: String, status: Int, message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }
}

/// Shared JSON coders: encoding and decoding are the hot path of every call.
enum EnvelopeCoding {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw BusError.badMessage("cannot encode \(T.self): \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw BusError.badMessage("cannot decode \(T.self): \(error)")
        }
    }
}
