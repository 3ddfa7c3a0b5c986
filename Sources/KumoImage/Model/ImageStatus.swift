import KumoCore

/// Where an image is in its life: `queued` (no data yet) → `saving` (data arriving) → `active`.
///
/// A failed upload whose objects were removed returns to `queued`, so the upload may be retried; one
/// whose objects could not all be removed (or that a restart interrupted) becomes `killed`, holding
/// its leftovers until it is deleted. An admin may `deactivate` an active image (its data may no longer
/// be downloaded) and reactivate it. `deleted` images are invisible; their rows live only until their
/// objects are gone.
enum ImageStatus: String, Codable, Sendable, CaseIterable {
    case queued, saving, active, killed, deactivated, deleted

    /// What happens to an image.
    enum Event: Sendable, Equatable {
        case uploadStarted
        case uploadSucceeded
        /// `cleanedUp`: every object the upload wrote is gone.
        case uploadFailed(cleanedUp: Bool)
        /// The service restarted while the upload ran.
        case uploadInterrupted
        case deactivate
        case reactivate
        case delete
    }

    /// The status after `event`.
    /// - Throws: `ImageStatusError` (409 for uploads, 403 for (de)activation) when `event` cannot happen now.
    func after(_ event: Event) throws(ImageStatusError) -> ImageStatus {
        switch (self, event) {
        case (.queued, .uploadStarted): return .saving
        case (.saving, .uploadSucceeded): return .active
        case (.saving, .uploadFailed(let cleanedUp)): return cleanedUp ? .queued : .killed
        case (.saving, .uploadInterrupted): return .killed
        case (.active, .deactivate), (.deactivated, .deactivate): return .deactivated
        case (.deactivated, .reactivate), (.active, .reactivate): return .active
        case (.deleted, .delete): throw ImageStatusError(from: self, event: event)
        case (_, .delete): return .deleted
        default: throw ImageStatusError(from: self, event: event)
        }
    }
}

/// An event that cannot happen to an image in its current status.
struct ImageStatusError: PublicError, Equatable {
    let from: ImageStatus
    let event: ImageStatus.Event

    var statusCode: Int {
        switch event {
        case .deactivate, .reactivate: 403
        case .delete: 404
        default: 409
        }
    }

    var publicMessage: String {
        switch event {
        case .uploadStarted: "Image status transition from \(from.rawValue) to saving is not allowed."
        case .deactivate: "Not allowed to deactivate an image in status '\(from.rawValue)'."
        case .reactivate: "Not allowed to reactivate an image in status '\(from.rawValue)'."
        case .delete: "The image was already deleted."
        default: "The upload of this image is no longer in progress (status \(from.rawValue))."
        }
    }
}
