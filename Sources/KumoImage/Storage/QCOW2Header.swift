/// The fields of a qcow2 header that decide whether Kumo accepts the image, and its virtual size.
///
/// Layout (big endian): magic `QFI\xfb` at 0, version (2 or 3) at 4, backing file offset at 8,
/// cluster bits at 20, virtual size at 24; version 3 adds incompatible feature bits at 72 (bit 2:
/// an external data file) and the header length at 100.
struct QCOW2Header: Sendable, Equatable {
    static let magic: [UInt8] = [0x51, 0x46, 0x49, 0xFB]
    /// Bytes a version 3 header needs; version 2 needs `version2Length`.
    static let length = 104
    static let version2Length = 72

    var version: Int
    var virtualSize: Int
    var clusterBits: Int
    var hasBackingFile: Bool
    var hasExternalDataFile: Bool

    /// Whether `bytes` (the start of a file) begin with the qcow2 magic.
    static func isQCOW2(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// Reads the header at the start of `bytes`.
    /// - Throws: `ImageDataError.badQCOW2Header` when the magic is missing or the fields make no sense.
    init(_ bytes: [UInt8]) throws(ImageDataError) {
        guard Self.isQCOW2(bytes), bytes.count >= Self.version2Length else {
            throw .badQCOW2Header("the file is shorter than a qcow2 header or lacks its magic")
        }
        func integer(_ offset: Int, _ width: Int) -> UInt64 {
            bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        version = Int(integer(4, 4))
        guard version == 2 || version == 3 else { throw .badQCOW2Header("version \(version) is not 2 or 3") }
        if version == 3, bytes.count < Self.length { throw .badQCOW2Header("the version 3 header is cut short") }
        clusterBits = Int(integer(20, 4))
        guard (9...21).contains(clusterBits) else { throw .badQCOW2Header("cluster bits \(clusterBits) out of 9…21") }
        let size = integer(24, 8)
        guard size <= UInt64(Int.max) else { throw .badQCOW2Header("virtual size too large") }
        virtualSize = Int(size)
        hasBackingFile = integer(8, 8) != 0
        hasExternalDataFile = version == 3 && integer(72, 8) & 0b100 != 0
    }
}
