extension DecodingError {
    /// What is wrong with a JSON body, naming the field (`auth.identity.methods`), safe to show to a user.
    var publicMessage: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "Missing field '\(Self.path(context.codingPath + [key]))' in the request body."
        case .valueNotFound(let type, let context) where context.codingPath.isEmpty:
            return "The request body must be a JSON \(Self.jsonKind(of: type)), not null."
        case .valueNotFound(let type, let context):
            return "Field '\(Self.path(context.codingPath))' must be a \(Self.jsonKind(of: type)), not null."
        case .typeMismatch(let type, let context) where context.codingPath.isEmpty:
            return "The request body must be a JSON \(Self.jsonKind(of: type))."
        case .typeMismatch(let type, let context):
            return "Field '\(Self.path(context.codingPath))' must be a \(Self.jsonKind(of: type))."
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let detail = context.underlyingError.map { " (\(String(describing: $0)))" } ?? ""
            return "The request body is not valid JSON\(detail)."
        case .dataCorrupted(let context):
            return "Invalid value for field '\(Self.path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "The request body could not be read."
        }
    }

    /// `servers[0].name` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result.isEmpty ? "(body)" : result
    }

    /// The JSON word for a Swift type a decoder expected.
    static func jsonKind(of type: Any.Type) -> String {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(String.self), ObjectIdentifier(Character.self): "string"
        case ObjectIdentifier(Bool.self): "boolean"
        case ObjectIdentifier(Double.self), ObjectIdentifier(Float.self): "number"
        case ObjectIdentifier([String: Any].self): "object"
        case ObjectIdentifier([Any].self): "array"
        default: type is any BinaryInteger.Type ? "integer" : "value of type \(type)"
        }
    }
}
