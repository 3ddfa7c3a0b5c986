import KumoCore
import KumoHTTP

/// Who may do what to an image they see, on top of `ImageQuery.seen(by:)`: its owner project (with the
/// `member` role) and admins change it; projects it is shared with answer their own membership.
enum ImageAccess {
    /// 403 unless `credentials` may change `image`.
    static func requireOwner(_ image: ImageRecord, _ credentials: Credentials) throws(APIError) {
        guard AccessPolicy.allows(credentials, .write, projectID: image.owner) else {
            throw APIError.forbidden("You are not permitted to modify image \(image.id).")
        }
    }

    /// Whether `credentials` may download the data of `image` (a deactivated image: admins only).
    static func mayDownload(_ image: ImageRecord, _ credentials: Credentials) -> Bool {
        image.status != .deactivated || credentials.isAdmin
    }
}
