import Foundation
import KumoClient

/// The session `kumo login` keeps between commands: one JSON file, mode 0600, at `$KUMO_HOME/session.json`
/// or `~/.config/kumo/session.json`, holding the token, its expiry and the catalog, with the identity it
/// belongs to so that another auth URL, user or project authenticates afresh.
public struct SessionCache: Sendable {
    /// Who a session belongs to: what `AuthOptions` name, without the password.
    public struct Key: Codable, Equatable, Sendable {
        public var authURL: String
        public var userDomainName: String
        public var username: String
        public var projectDomainName: String
        public var projectName: String?
        public var projectID: String?

        /// The key of a password login; nil for a token login, which is never cached.
        public init?(_ options: AuthOptions) {
            guard let username = options.username, options.password != nil else { return nil }
            authURL = options.identityV3
            userDomainName = options.userDomainName
            self.username = username
            projectDomainName = options.projectDomainName
            projectName = options.projectID == nil ? options.projectName : nil
            projectID = options.projectID
        }
    }

    /// What the file holds.
    public struct Entry: Codable, Equatable, Sendable {
        public var key: Key
        public var session: IdentitySession
    }

    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// The cache of this user: `$KUMO_HOME/session.json`, else `~/.config/kumo/session.json`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> SessionCache {
        let directory =
            environment["KUMO_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/kumo")
        return SessionCache(file: directory.appendingPathComponent("session.json"))
    }

    /// The cached entry; nil when there is none or it cannot be read.
    public func load() -> Entry? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Entry.self, from: data)
    }

    /// The cached session of `options` if it has more than `margin` seconds left.
    public func session(for options: AuthOptions, margin: TimeInterval = 30, now: Date = Date()) -> IdentitySession? {
        guard let key = Key(options), let entry = load(), entry.key == key, entry.session.isValid(for: margin, now: now)
        else { return nil }
        return entry.session
    }

    /// Caches `session` for `options` (a token login is not cached), replacing what was there.
    /// The file is created 0600 under another name and renamed into place, so it is never readable by others.
    public func save(_ session: IdentitySession, for options: AuthOptions) throws {
        guard let key = Key(options) else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Entry(key: key, session: session))
        let directory = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = directory.appendingPathComponent(".session.\(getpid()).json").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("create", temporary) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            guard fchmod(descriptor, 0o600) == 0 else { throw Self.failure("chmod", temporary) }
            try handle.write(contentsOf: data)
            try handle.close()
            guard rename(temporary, file.path) == 0 else { throw Self.failure("rename to", file.path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ action: String, _ path: String) -> CLIError {
        CLIError("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }

    /// Deletes the file, if any.
    public func remove() throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        try FileManager.default.removeItem(at: file)
    }
}
