import Foundation
import HTTPTypes
import KumoHTTP
import KumoObjectDisk

/// The devices (directories) of one storage node, `<node root>/<device>`, by name.
struct StorageDevices: Sendable {
    let root: String

    /// The directory of device `name`.
    func path(_ name: String) -> String { root + "/" + name }

    /// The object device `name`, or 507 when it does not exist (not mounted, as Swift says).
    func objectDevice(_ name: String) throws -> ObjectDevice {
        guard !name.contains("/"), name != ".", name != "..", FileManager.default.fileExists(atPath: path(name)) else {
            throw APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "Device \(name) is not mounted.")
        }
        do {
            return try ObjectDevice(root: path(name))
        } catch {
            throw APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "\(error)")
        }
    }

    /// The names of the devices present.
    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}
