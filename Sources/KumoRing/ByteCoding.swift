/// Little-endian packing of the integer arrays kept in ring and builder files.
enum ByteCoding {
    static func append(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func append<T: FixedWidthInteger>(_ values: [T], to bytes: inout [UInt8]) {
        let little = values.map(\.littleEndian)
        little.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    static func pack<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
        append(values, to: &bytes)
        return bytes
    }

    /// Reads `count` values starting at `offset`; the caller has checked the bounds.
    static func unpack<T: FixedWidthInteger>(
        _ type: T.Type, count: Int, from bytes: some RandomAccessCollection<UInt8>, at offset: Int
    ) -> [T] {
        let size = MemoryLayout<T>.size
        var values = [T](repeating: 0, count: count)
        values.withUnsafeMutableBytes { destination in
            let start = bytes.index(bytes.startIndex, offsetBy: offset)
            let end = bytes.index(start, offsetBy: count * size)
            destination.copyBytes(from: bytes[start..<end])
        }
        return values.map { T(littleEndian: $0) }
    }

    static func read<T: FixedWidthInteger>(
        _ type: T.Type, from bytes: some RandomAccessCollection<UInt8>, at offset: Int
    ) -> T {
        unpack(type, count: 1, from: bytes, at: offset)[0]
    }
}
