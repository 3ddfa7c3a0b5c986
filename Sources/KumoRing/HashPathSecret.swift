import Crypto

/// The cluster-wide secret prefix and suffix mixed into every path hash, so nobody outside the
/// cluster can predict which partition a name lands in. It is not part of any ring file: every
/// proxy and storage server must be configured with the same one, and it must never change.
public struct HashPathSecret: Sendable, Hashable {
    public let prefix: String
    public let suffix: String

    /// At least one of `prefix` and `suffix` must be non-empty.
    public init(prefix: String = "", suffix: String = "") throws(RingError) {
        guard !prefix.isEmpty || !suffix.isEmpty else { throw .missingHashPathSecret }
        self.prefix = prefix
        self.suffix = suffix
    }

    /// MD5 of prefix + "/" + account [+ "/" + container [+ "/" + object]] + suffix.
    ///
    /// A container needs an account and an object needs a container.
    public func digest(account: String, container: String? = nil, object: String? = nil) -> [UInt8] {
        precondition(object == nil || container != nil, "an object path needs a container")
        var path = prefix + "/" + account
        if let container { path += "/" + container }
        if let object { path += "/" + object }
        path += suffix
        return Array(Insecure.MD5.hash(data: Array(path.utf8)))
    }

    /// The digest as 32 lowercase hex characters (the name object servers give a path's directory).
    public func hash(account: String, container: String? = nil, object: String? = nil) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in digest(account: account, container: container, object: object) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
