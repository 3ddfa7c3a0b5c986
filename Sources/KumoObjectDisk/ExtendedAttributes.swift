import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Object metadata in the `user.kumo.metadata` extended attribute of each file: sorted-key JSON,
/// split into attributes of at most `chunkSize` bytes (`user.kumo.metadata`, `user.kumo.metadata1`,
/// …) because some file systems cap one value. The total is capped at
/// `ObjectMetadata.maximumEncodedSize`; ext4 without `ea_inode` holds only about 4 KiB in all.
enum ExtendedAttributes {
    static let metadataKey = "user.kumo.metadata"
    static let chunkSize = 2048

    static func writeMetadata(_ metadata: ObjectMetadata, to fd: Int32, path: String) throws(ObjectDiskError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json: [UInt8]
        do {
            json = Array(try encoder.encode(metadata))
        } catch {
            throw .invalidMetadata(path: path, reason: "\(error)")
        }
        guard json.count <= ObjectMetadata.maximumEncodedSize else {
            throw .metadataTooLarge(
                path: path, bytes: json.count, reason: "the limit is \(ObjectMetadata.maximumEncodedSize) bytes")
        }
        for (index, start) in stride(from: 0, to: json.count, by: chunkSize).enumerated() {
            let key = index == 0 ? metadataKey : metadataKey + String(index)
            let result = json[start..<min(start + chunkSize, json.count)].withUnsafeBytes { setAttribute(fd, key, $0) }
            guard result == 0 else {
                let code = errno
                switch code {
                case ENOSPC, E2BIG, ERANGE:
                    throw .metadataTooLarge(
                        path: path, bytes: json.count,
                        reason: "the file system has no room for it (\(String(cString: strerror(code))))")
                case ENOTSUP, EOPNOTSUPP:
                    throw .extendedAttributesUnsupported(path: path, reason: String(cString: strerror(code)))
                default:
                    throw .failure(path, "set extended attribute \(key)", errno: code)
                }
            }
        }
    }

    static func readMetadata(from fd: Int32, path: String) throws(ObjectDiskError) -> ObjectMetadata {
        var json: [UInt8] = []
        var index = 0
        while let chunk = try readAttribute(fd, index == 0 ? metadataKey : metadataKey + String(index), path: path) {
            json += chunk
            index += 1
            guard json.count <= ObjectMetadata.maximumEncodedSize else {
                throw .invalidMetadata(path: path, reason: "more than \(ObjectMetadata.maximumEncodedSize) bytes")
            }
        }
        guard index > 0 else { throw .invalidMetadata(path: path, reason: "no \(metadataKey) attribute") }
        do {
            return try JSONDecoder().decode(ObjectMetadata.self, from: Data(json))
        } catch {
            throw .invalidMetadata(path: path, reason: "\(error)")
        }
    }

    /// Sets and reads back a `user.*` attribute on a scratch file in `directory`.
    static func checkSupport(in directory: String) throws(ObjectDiskError) {
        let path = directory + "/.xattr-check-" + String(UInt64.random(in: .min ... .max), radix: 16)
        let fd = try FileSystem.openFile(path, O_RDWR | O_CREAT | O_EXCL)
        defer {
            close(fd)
            unlink(path)
        }
        let value = Array("kumo".utf8)
        guard value.withUnsafeBytes({ setAttribute(fd, "user.kumo.check", $0) }) == 0 else {
            let code = errno
            guard code == ENOTSUP || code == EOPNOTSUPP else {
                throw .failure(path, "set extended attribute", errno: code)
            }
            throw .extendedAttributesUnsupported(path: directory, reason: String(cString: strerror(code)))
        }
        guard try readAttribute(fd, "user.kumo.check", path: path) == value else {
            throw .extendedAttributesUnsupported(path: directory, reason: "an attribute set did not read back")
        }
    }

    /// The attribute's value, or `nil` if the file has no such attribute.
    private static func readAttribute(_ fd: Int32, _ key: String, path: String) throws(ObjectDiskError) -> [UInt8]? {
        while true {
            let size = getAttribute(fd, key, nil)
            if size >= 0 {
                var value = [UInt8](repeating: 0, count: size)
                let read = value.withUnsafeMutableBytes { getAttribute(fd, key, $0) }
                if read >= 0 { return Array(value.prefix(read)) }
            }
            // ERANGE: the value grew between the two calls.
            switch errno {
            case ERANGE: continue
            case missingAttribute: return nil
            case ENOTSUP, EOPNOTSUPP:
                throw .extendedAttributesUnsupported(path: path, reason: String(cString: strerror(errno)))
            default: throw .failure(path, "get extended attribute \(key)")
            }
        }
    }
}

#if canImport(Glibc)
// <sys/xattr.h> is not part of the Glibc module: look the two calls up in the C library.
private typealias SetAttributeFunction =
    @convention(c) (
        Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32
    ) -> Int32
private typealias GetAttributeFunction =
    @convention(c) (
        Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int
    ) -> Int

private let fsetxattrFunction = unsafeBitCast(libcSymbol("fsetxattr"), to: SetAttributeFunction.self)
private let fgetxattrFunction = unsafeBitCast(libcSymbol("fgetxattr"), to: GetAttributeFunction.self)
private let missingAttribute = ENODATA

private func libcSymbol(_ name: String) -> UnsafeMutableRawPointer {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { fatalError("the C library has no \(name)") }
    return symbol
}

private func setAttribute(_ fd: Int32, _ key: String, _ value: UnsafeRawBufferPointer) -> Int32 {
    fsetxattrFunction(fd, key, value.baseAddress, value.count, 0)
}

private func getAttribute(_ fd: Int32, _ key: String, _ buffer: UnsafeMutableRawBufferPointer?) -> Int {
    fgetxattrFunction(fd, key, buffer?.baseAddress, buffer?.count ?? 0)
}
#elseif canImport(Darwin)
private let missingAttribute = ENOATTR

private func setAttribute(_ fd: Int32, _ key: String, _ value: UnsafeRawBufferPointer) -> Int32 {
    fsetxattr(fd, key, value.baseAddress, value.count, 0, 0)
}

private func getAttribute(_ fd: Int32, _ key: String, _ buffer: UnsafeMutableRawBufferPointer?) -> Int {
    fgetxattr(fd, key, buffer?.baseAddress, buffer?.count ?? 0, 0, 0)
}
#endif
