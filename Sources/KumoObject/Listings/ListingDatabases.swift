import Foundation
import KumoRing
import Synchronization

/// The listing databases of one storage node's devices, opened once and kept open (up to a bound).
///
/// A database lives at `<device>/<containers|accounts>/<partition>/<suffix>/<hash>/<hash>.db`, where
/// `hash` is the ring's hash of `/account[/container]`.
final class ListingDatabases: Sendable {
    let devices: StorageDevices
    let kind: ListingKind
    let secret: HashPathSecret
    private let open = Mutex<[String: ListingDatabase]>([:])
    private let capacity = 512

    init(devices: StorageDevices, kind: ListingKind, secret: HashPathSecret) {
        self.devices = devices
        self.kind = kind
        self.secret = secret
    }

    /// The file of the database of `path` on `device` in `partition`.
    func file(device: String, partition: Int, path: ObjectPath) -> String {
        let hash = secret.hash(account: path.account, container: kind == .container ? path.container : nil)
        return "\(devices.path(device))/\(kind.directory)/\(partition)/\(hash.suffix(3))/\(hash)/\(hash).db"
    }

    /// The database at `file`; nil when it does not exist and `create` is false.
    func database(at file: String, create: Bool) throws -> ListingDatabase? {
        if let database = open.withLock({ $0[file] }) { return database }
        guard create || FileManager.default.fileExists(atPath: file) else { return nil }
        let database = try ListingDatabase(path: file)
        return open.withLock { open in
            if let existing = open[file] { return existing }
            if open.count >= capacity { open.removeAll() }
            open[file] = database
            return database
        }
    }

    /// Forgets an open database whose file is being removed.
    func close(_ file: String) {
        _ = open.withLock { $0.removeValue(forKey: file) }
    }

    /// Every database file on every device, with its device and partition.
    func all() -> [(device: String, partition: Int, file: String)] {
        var found: [(String, Int, String)] = []
        let files = FileManager.default
        for device in devices.names() {
            let root = "\(devices.path(device))/\(kind.directory)"
            for partition in (try? files.contentsOfDirectory(atPath: root)) ?? [] {
                guard let number = Int(partition) else { continue }
                for suffix in (try? files.contentsOfDirectory(atPath: "\(root)/\(partition)")) ?? [] {
                    for hash in (try? files.contentsOfDirectory(atPath: "\(root)/\(partition)/\(suffix)")) ?? [] {
                        let file = "\(root)/\(partition)/\(suffix)/\(hash)/\(hash).db"
                        if files.fileExists(atPath: file) { found.append((device, number, file)) }
                    }
                }
            }
        }
        return found
    }
}
