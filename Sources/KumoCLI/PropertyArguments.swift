import ArgumentParser

/// `--property key=value`, as the image, server and flavor commands take it.
enum PropertyArguments {
    /// A `--property key=value` as (key, value): split at the first `=`; the value may be empty.
    static func property(_ text: String) throws -> (key: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("--property takes key=value, not '\(text)'.")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// Properties given as `key=value`, by key; a key given twice keeps its last value.
    static func properties(_ texts: [String]) throws -> [String: String] {
        var properties: [String: String] = [:]
        for text in texts {
            let (key, value) = try property(text)
            properties[key] = value
        }
        return properties
    }
}
