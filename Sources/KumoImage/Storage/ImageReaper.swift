import Logging

/// Removes the objects nothing refers to any more: all those of deleted images (then their rows), and
/// those a failed upload left to a killed image. Runs every minute, so an object store that was down
/// when an image was deleted is cleaned once it is back.
struct ImageReaper: Sendable {
    static let interval = Duration.seconds(60)

    let store: ImageStore
    let objects: ImageObjects
    let logger: Logger

    func reap() async {
        do {
            for image in try await store.pendingCleanups() {
                if image.status == .deleted {
                    if await objects.removeAll(prefix: image.id + "/") { try await store.remove(image.id) }
                } else if let upload = image.uploadID {
                    if await objects.removeAll(prefix: "\(image.id)/\(upload)") {
                        try await store.clearUpload(image.id, uploadID: upload)
                    }
                }
            }
        } catch {
            logger.warning("cannot look for image objects to remove", metadata: ["error": "\(error)"])
        }
    }
}
