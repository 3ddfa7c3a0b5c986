import Testing

@testable import KumoImage

@Suite("Where image bytes lie in the object store")
struct ImageDataLayoutTests {
    @Test("one object: the whole of it, or the range asked for")
    func single() {
        let layout = ImageDataLayout(location: "i/u", size: 1000, segmentBytes: nil)
        #expect(layout.pieces() == [.init(object: "i/u", range: nil)])
        #expect(layout.pieces(0...999) == [.init(object: "i/u", range: nil)])
        #expect(layout.pieces(10...19) == [.init(object: "i/u", range: 10...19)])
        #expect(ImageDataLayout(location: "i/u", size: 0, segmentBytes: nil).pieces() == [.init(object: "i/u", range: nil)])
    }

    @Test("segments: every one for the whole, the overlapped parts for a range")
    func segmented() {
        let layout = ImageDataLayout(location: "i/u", size: 2500, segmentBytes: 1000)
        #expect(layout.pieces().map(\.object) == ["i/u/00000001", "i/u/00000002", "i/u/00000003"])
        #expect(layout.pieces().allSatisfy { $0.range == nil })
        #expect(
            layout.pieces(990...2009) == [
                .init(object: "i/u/00000001", range: 990...999), .init(object: "i/u/00000002", range: nil),
                .init(object: "i/u/00000003", range: 0...9),
            ])
        #expect(layout.pieces(2000...2499) == [.init(object: "i/u/00000003", range: nil)])
        #expect(layout.pieces(1500...1500) == [.init(object: "i/u/00000002", range: 500...500)])
    }
}
