import Foundation
import KumoClient

/// Parsed JSON compared by value, so golden bodies ignore key order and spacing.
extension JSONValue {
    init(parsing text: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A golden body written in a test; one that does not parse compares unequal to anything a server sends.
    init(golden text: String) {
        self = (try? JSONValue(parsing: text)) ?? .string("invalid golden JSON: \(text)")
    }
}
