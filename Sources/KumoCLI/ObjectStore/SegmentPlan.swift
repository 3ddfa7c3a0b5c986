import Foundation

/// How `kumo object upload` cuts a file: up to the segment size it is one object; past it, consecutive
/// byte ranges of the segment size (the last one shorter), each uploaded as a segment of a static large
/// object and named as python-swiftclient names them.
public struct SegmentPlan: Equatable, Sendable {
    public let fileSize: Int
    public let segmentSize: Int

    public init(fileSize: Int, segmentSize: Int) {
        precondition(fileSize >= 0 && segmentSize > 0, "a file size of 0 or more and a segment size of 1 or more")
        self.fileSize = fileSize
        self.segmentSize = segmentSize
    }

    /// Whether the file is uploaded as segments.
    public var isSegmented: Bool { fileSize > segmentSize }

    /// The byte ranges of the segments, in order; a single range for a file that is not segmented.
    public var ranges: [Range<Int>] {
        guard isSegmented else { return [0..<fileSize] }
        return stride(from: 0, to: fileSize, by: segmentSize).map { $0..<min($0 + segmentSize, fileSize) }
    }

    /// The name of segment `index` of `object`: `<object>/slo/<mtime>/<file size>/<segment size>/<index, 8 digits>`.
    public func segmentName(of object: String, mtime: String, index: Int) -> String {
        "\(object)/slo/\(mtime)/\(fileSize)/\(segmentSize)/\(String(format: "%08ld", index))"
    }
}
