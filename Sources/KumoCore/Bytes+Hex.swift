extension Sequence where Element == UInt8 {
    /// The bytes in lowercase hex, as checksums and ETags are written (`d41d8cd9…`).
    public var lowercaseHex: String {
        var text = ""
        for byte in self {
            text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return text
    }
}
