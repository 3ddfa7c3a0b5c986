import Foundation
import HTTPTypes
import Hummingbird
import KumoHTTP
import KumoObjectDisk

/// The parts of a storage node request: `/<device>/<partition>/<account>[/<container>[/<object>]]`.
struct BackendRequest: Sendable {
    var device: String
    var partition: Int
    var path: ObjectPath

    init(_ request: Request) throws {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.count >= 3, let partition = Int(segments[segments.startIndex + 1]), partition >= 0 else {
            throw APIError.badRequest("Expected /device/partition/account[/container[/object]].")
        }
        device = String(segments[segments.startIndex])
        self.partition = partition
        do {
            path = try ObjectPath(segments: segments.dropFirst(2))
        } catch {
            throw APIError.badRequest("\(error)")
        }
    }

    /// The request's `X-Timestamp`, required for every write.
    static func timestamp(_ request: Request) throws -> ObjectTimestamp {
        guard let text = request.headers[.xTimestamp], let timestamp = ObjectTimestamp(text) else {
            throw APIError.badRequest("Missing or invalid X-Timestamp.")
        }
        return timestamp
    }
}
