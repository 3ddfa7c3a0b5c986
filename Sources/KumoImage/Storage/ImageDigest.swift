import Crypto
import Foundation
import KumoCore
import NIOCore

/// What Kumo learns of image data while it streams past: its length, MD5 (`checksum`), SHA-512
/// (`os_hash_value`) and first bytes, checked against the disk format as soon as they arrived.
struct ImageDigest {
    let diskFormat: String
    private var md5 = Insecure.MD5()
    private var sha512 = SHA512()
    private(set) var count = 0
    /// The first `QCOW2Header.length` bytes.
    private(set) var header: [UInt8] = []
    private var inspected = false

    init(diskFormat: String) {
        self.diskFormat = diskFormat
    }

    /// Adds the next bytes.
    /// - Throws: `ImageDataError` once the first bytes show the data does not suit the disk format.
    mutating func update(_ buffer: ByteBuffer) throws(ImageDataError) {
        buffer.withUnsafeReadableBytes { bytes in
            md5.update(bufferPointer: bytes)
            sha512.update(bufferPointer: bytes)
        }
        count += buffer.readableBytes
        if header.count < QCOW2Header.length {
            header += buffer.getBytes(
                at: buffer.readerIndex, length: min(QCOW2Header.length - header.count, buffer.readableBytes)) ?? []
        }
        if !inspected, header.count == QCOW2Header.length {
            inspected = true
            _ = try Self.virtualSize(header: header, size: count, diskFormat: diskFormat)
        }
    }

    /// The digests (lowercase hex) and the virtual size, once every byte arrived.
    func finish() throws(ImageDataError) -> (checksum: String, hashValue: String, virtualSize: Int?) {
        let virtualSize = try Self.virtualSize(header: header, size: count, diskFormat: diskFormat)
        return (md5.finalize().lowercaseHex, sha512.finalize().lowercaseHex, virtualSize)
    }

    /// Checks the start of the data against `diskFormat`; the virtual size when the format tells it
    /// (qcow2: from its header; raw and iso: the size itself).
    static func virtualSize(header: [UInt8], size: Int, diskFormat: String) throws(ImageDataError) -> Int? {
        let isQCOW2 = QCOW2Header.isQCOW2(header)
        switch diskFormat {
        case "qcow2":
            guard isQCOW2 else { throw .notQCOW2 }
            let parsed = try QCOW2Header(header)
            if parsed.hasBackingFile { throw .backingFile }
            if parsed.hasExternalDataFile { throw .externalDataFile }
            return parsed.virtualSize
        case "raw", "iso":
            if isQCOW2 { throw .unexpectedQCOW2(diskFormat: diskFormat) }
            return size
        default:
            return nil
        }
    }
}
