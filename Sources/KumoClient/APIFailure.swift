import Foundation

/// An API answered with an error status: its status and the message of its OpenStack error body.
public struct APIFailure: Error, CustomStringConvertible, Sendable {
    public var status: Int
    public var message: String
    /// The request that failed, as `METHOD URL`.
    public var request: String

    public init(status: Int, message: String, request: String) {
        self.status = status
        self.message = message
        self.request = request
    }

    public var description: String { "\(message) (HTTP \(status))" }

    /// Reads the message of any OpenStack error body: Keystone's `{"error": {"message"}}`, Nova's
    /// `{"badRequest": {"message"}}`, Neutron's `{"NeutronError": {"message"}}`, Swift's plain text.
    static func message(from body: Data) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            for value in object.values {
                if let inner = value as? [String: Any], let message = inner["message"] as? String { return message }
            }
            if let message = object["message"] as? String { return message }
        }
        let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
