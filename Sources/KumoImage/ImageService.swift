/// The image service's shared state: settings, the database and the object store where data lives.
struct ImageService: Sendable {
    let settings: ImageSettings
    let store: ImageStore
    let objects: ImageObjects
}
