import Foundation

/// `/account[/container[/object]]` of the object store, with Swift's limits on each part.
public struct ObjectPath: Sendable, Hashable {
    public static let maxAccountLength = 256
    public static let maxContainerLength = 256
    public static let maxObjectLength = 1024

    public var account: String
    public var container: String?
    public var object: String?

    public init(account: String, container: String? = nil, object: String? = nil) {
        self.account = account
        self.container = container
        self.object = object
    }

    /// The canonical name, `/account/container/object`, as stored in object metadata.
    public var name: String {
        "/" + [account, container, object].compactMap { $0 }.joined(separator: "/")
    }

    /// Parses percent-encoded path segments (`account`, `container`, `object…` where the object may
    /// hold slashes) and checks every part.
    /// - Throws: `ObjectPathError` naming the part that is empty, too long, `.`/`..`, or not UTF-8.
    public init(segments: ArraySlice<Substring>) throws(ObjectPathError) {
        var parts = segments
        guard let account = parts.popFirst() else { throw .missing("account") }
        self.account = try Self.decode(account, part: "account", maxLength: Self.maxAccountLength)
        if let container = parts.popFirst() {
            self.container = try Self.decode(container, part: "container", maxLength: Self.maxContainerLength)
            if let container = self.container, container.contains("/") { throw .invalid("container", "contains /") }
        }
        if !parts.isEmpty {
            let object = parts.joined(separator: "/")
            self.object = try Self.decode(Substring(object), part: "object", maxLength: Self.maxObjectLength)
        }
    }

    private static func decode(_ raw: Substring, part: String, maxLength: Int) throws(ObjectPathError) -> String {
        guard let text = String(raw).removingPercentEncoding else { throw .invalid(part, "is not valid percent-encoded UTF-8") }
        guard !text.isEmpty else { throw .missing(part) }
        guard text.utf8.count <= maxLength else { throw .invalid(part, "is longer than \(maxLength) bytes") }
        guard text != "." && text != ".." else { throw .invalid(part, "may not be . or ..") }
        if part == "object", text.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." }) {
            throw .invalid(part, "may not have . or .. segments")
        }
        guard !text.utf8.contains(0) else { throw .invalid(part, "contains a NUL byte") }
        return text
    }

    /// `segment` percent-encoded for a URL path (slashes kept when `keepSlashes`).
    public static func encode(_ segment: String, keepSlashes: Bool = false) -> String {
        var allowed = CharacterSet.urlPathAllowed
        if !keepSlashes { allowed.remove("/") }
        allowed.remove(charactersIn: "?#%;")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    /// The encoded URL path of this name, `/account/container/object`.
    public var encoded: String {
        var path = "/" + Self.encode(account)
        if let container { path += "/" + Self.encode(container) }
        if let object { path += "/" + Self.encode(object, keepSlashes: true) }
        return path
    }
}

/// A bad account, container or object name.
public enum ObjectPathError: Error, CustomStringConvertible, Sendable {
    case missing(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let part): "The \(part) name is missing."
        case .invalid(let part, let problem): "The \(part) name \(problem)."
        }
    }
}
