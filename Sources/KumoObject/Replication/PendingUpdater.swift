import AsyncHTTPClient
import Foundation
import NIOCore

/// Delivers the listing updates object servers kept as async pending while a container server was
/// away; each is removed once delivered.
struct PendingUpdater: Sendable {
    let devices: StorageDevices
    let client: HTTPClient
    let timeout: TimeAmount

    /// One sweep over every device; returns how many updates were delivered.
    @discardableResult
    func sweep() async -> Int {
        var delivered = 0
        for name in devices.names() {
            guard let device = try? devices.objectDevice(name) else { continue }
            let pending = AsyncPending(device: device)
            for (file, update) in await (try? Blocking.run { pending.all() }) ?? [] where await update.send(with: client, timeout: timeout) {
                try? FileManager.default.removeItem(atPath: file)
                delivered += 1
            }
        }
        return delivered
    }
}
