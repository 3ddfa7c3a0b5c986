import Foundation
import KumoConfig

extension KumoSettings {
    /// The password of the identity user of Kumo service `service` (`image` …): the key
    /// `<service>.service_password`, or when it is empty the one kept in
    /// `<state_dir>/<service>/service_password`.
    ///
    /// `kumod identity bootstrap` asks with `create` and, finding neither, generates a random password
    /// and saves it there (mode 0600); the service itself reads it when it signs in.
    /// - Throws: `ConfigError` when there is no password and `create` is false, or the file cannot be
    ///   read or written.
    public func servicePassword(for service: String, create: Bool) throws -> String {
        let key = "\(service).service_password"
        let configured = try reader.string(key, nonEmpty: false)
        if !configured.isEmpty { return configured }
        let directory = "\(stateDirectory)/\(service)"
        let path = "\(directory)/service_password"
        if let saved = FileManager.default.contents(atPath: path) {
            let password = String(decoding: saved, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !password.isEmpty { return password }
        }
        guard create else {
            throw ConfigError(
                "configuration key '\(key)' is empty and \(path) holds no password: "
                    + "run `kumod identity bootstrap` with this state directory, or set the key")
        }
        var generator = SystemRandomNumberGenerator()
        let password = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw ConfigError("cannot save the generated password of '\(key)' in \(path): \(error)")
        }
        return password
    }
}
