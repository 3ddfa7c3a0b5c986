import KumoClient

extension JSONValue {
    /// The value as a table cell, in openstack's words: `True`, `None`, lists joined by commas,
    /// objects as `key='value'` pairs.
    var cellText: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): value
        case .array(let values): values.map(\.cellText).joined(separator: ", ")
        case .object(let object):
            object.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value.cellText)'" }.joined(separator: ", ")
        }
    }
}
