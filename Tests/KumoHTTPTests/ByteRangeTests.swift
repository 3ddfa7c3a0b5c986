import KumoHTTP
import Testing

@Suite("Byte ranges")
struct ByteRangeTests {
    @Test("Range headers: a-b, a-, -n, past the end, garbage")
    func ranges() {
        #expect(ByteRange.parse("bytes=0-9", length: 100) == .partial(ByteRange(lower: 0, upper: 9)))
        #expect(ByteRange.parse("bytes=90-", length: 100) == .partial(ByteRange(lower: 90, upper: 99)))
        #expect(ByteRange.parse("bytes=-10", length: 100) == .partial(ByteRange(lower: 90, upper: 99)))
        #expect(ByteRange.parse("bytes=50-500", length: 100) == .partial(ByteRange(lower: 50, upper: 99)))
        #expect(ByteRange.parse("bytes=100-", length: 100) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=x-y", length: 100) == .whole)
        #expect(ByteRange.parse(nil, length: 100) == .whole)
    }
}
