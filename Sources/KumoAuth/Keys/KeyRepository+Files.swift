import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension KeyRepository {
    func path(of index: Int) -> String { directory + "/" + String(index) }

    func createDirectory() throws(SigningKeyError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io(path: directory, operation: "create directory", reason: "\(error)")
        }
        guard chmod(directory, 0o700) == 0 else { throw Self.ioError(directory, "chmod") }
    }

    func readKey(_ index: Int) throws(SigningKeyError) -> Curve25519.Signing.PrivateKey {
        let path = path(of: index)
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, operation: "read", reason: "\(error)")
        }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .invalidKeyFile(path: path) }
        return key
    }

    /// Writes the key to a temporary file created 0600, syncs it, renames it into place and syncs
    /// the directory, so a crash leaves either no key file or a whole one.
    func writeKey(_ key: Curve25519.Signing.PrivateKey, index: Int) throws(SigningKeyError) {
        let temporary = directory + "/.tmp-" + UUID().uuidString
        let bytes = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError(temporary, "create") }
        var failure: SigningKeyError?
        var written = 0
        while failure == nil, written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { buffer in write(fd, buffer.baseAddress, buffer.count) }
            if result > 0 {
                written += result
            } else if result < 0, errno != EINTR {
                failure = Self.ioError(temporary, "write")
            }
        }
        if failure == nil, fchmod(fd, 0o600) != 0 { failure = Self.ioError(temporary, "chmod") }
        if failure == nil, fsync(fd) != 0 { failure = Self.ioError(temporary, "fsync") }
        close(fd)
        if failure == nil, rename(temporary, path(of: index)) != 0 { failure = Self.ioError(temporary, "rename") }
        if let failure {
            unlink(temporary)
            throw failure
        }
        try syncDirectory()
    }

    func renameKey(from source: Int, to destination: Int) throws(SigningKeyError) {
        guard rename(path(of: source), path(of: destination)) == 0 else {
            throw Self.ioError(path(of: source), "rename")
        }
        try syncDirectory()
    }

    func removeKey(_ index: Int) throws(SigningKeyError) {
        guard unlink(path(of: index)) == 0 else { throw Self.ioError(path(of: index), "remove") }
    }

    private func syncDirectory() throws(SigningKeyError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.ioError(directory, "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Self.ioError(directory, "fsync") }
    }

    private static func ioError(_ path: String, _ operation: String) -> SigningKeyError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
