import Testing

@testable import KumoImage

@Suite("Image status machine")
struct ImageStatusTests {
    @Test("an upload takes a queued image through saving to active")
    func upload() throws {
        let saving = try ImageStatus.queued.after(.uploadStarted)
        #expect(saving == .saving)
        #expect(try saving.after(.uploadSucceeded) == .active)
    }

    @Test("a failed upload returns to queued when cleaned up, else the image is killed")
    func failedUpload() throws {
        #expect(try ImageStatus.saving.after(.uploadFailed(cleanedUp: true)) == .queued)
        #expect(try ImageStatus.saving.after(.uploadFailed(cleanedUp: false)) == .killed)
        #expect(try ImageStatus.saving.after(.uploadInterrupted) == .killed)
    }

    @Test("uploading to an image that is not queued is a conflict", arguments: [ImageStatus.saving, .active, .killed, .deactivated])
    func uploadConflict(status: ImageStatus) {
        #expect(throws: ImageStatusError(from: status, event: .uploadStarted)) { try status.after(.uploadStarted) }
        #expect(ImageStatusError(from: status, event: .uploadStarted).statusCode == 409)
    }

    @Test("only active images are deactivated, and only deactivated ones reactivated (both idempotent)")
    func deactivation() throws {
        #expect(try ImageStatus.active.after(.deactivate) == .deactivated)
        #expect(try ImageStatus.deactivated.after(.deactivate) == .deactivated)
        #expect(try ImageStatus.deactivated.after(.reactivate) == .active)
        #expect(try ImageStatus.active.after(.reactivate) == .active)
        #expect(throws: ImageStatusError.self) { try ImageStatus.queued.after(.deactivate) }
        #expect(ImageStatusError(from: .queued, event: .deactivate).statusCode == 403)
    }

    @Test("any image but a deleted one may be deleted")
    func deletion() throws {
        for status in ImageStatus.allCases where status != .deleted {
            #expect(try status.after(.delete) == .deleted)
        }
        #expect(throws: ImageStatusError.self) { try ImageStatus.deleted.after(.delete) }
    }

    @Test("an upload result for an image no longer saving is refused")
    func staleResult() {
        #expect(throws: ImageStatusError.self) { try ImageStatus.queued.after(.uploadSucceeded) }
        #expect(throws: ImageStatusError.self) { try ImageStatus.deleted.after(.uploadFailed(cleanedUp: true)) }
    }
}
