import Foundation

/// Where the bytes of an active image lie: one object, or segments of `segmentBytes` named
/// `<location>/00000001` …; which objects (and which bytes of them) hold a range of the image.
struct ImageDataLayout: Sendable, Equatable {
    /// Part of one object; `range` nil for the whole object.
    struct Piece: Sendable, Equatable {
        var object: String
        var range: ClosedRange<Int>?
    }

    var location: String
    var size: Int
    var segmentBytes: Int?

    init(location: String, size: Int, segmentBytes: Int?) {
        self.location = location
        self.size = size
        self.segmentBytes = segmentBytes
    }

    init?(_ record: ImageRecord) {
        guard let location = record.location, let size = record.size else { return nil }
        self.init(location: location, size: size, segmentBytes: record.segmentBytes)
    }

    static func segmentName(_ location: String, index: Int) -> String {
        location + "/" + String(format: "%08d", index + 1)
    }

    /// The pieces of `range` (nil: all of the data), in order.
    func pieces(_ range: ClosedRange<Int>? = nil) -> [Piece] {
        guard let segmentBytes else {
            let whole = range.map { $0.lowerBound == 0 && $0.upperBound == size - 1 } ?? true
            return [Piece(object: location, range: whole ? nil : range)]
        }
        guard let range else {
            let count = max(1, (size + segmentBytes - 1) / segmentBytes)
            return (0..<count).map { Piece(object: Self.segmentName(location, index: $0), range: nil) }
        }
        return (range.lowerBound / segmentBytes...range.upperBound / segmentBytes).map { index in
            let start = index * segmentBytes
            let end = min(start + segmentBytes, size) - 1
            let lower = max(range.lowerBound, start) - start
            let upper = min(range.upperBound, end) - start
            let whole = lower == 0 && upper == end - start
            return Piece(object: Self.segmentName(location, index: index), range: whole ? nil : lower...upper)
        }
    }
}
