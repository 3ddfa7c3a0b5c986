import Foundation
import KumoObjectDisk
import Testing

@Suite("Object timestamps")
struct ObjectTimestampTests {
    @Test(
        "header text is normalized to 10 integer digits and 5 decimals",
        arguments: [
            ("1700000000.12345", "1700000000.12345"),
            ("1700000000", "1700000000.00000"),
            ("1.5", "0000000001.50000"),
            ("0000000001.5", "0000000001.50000"),
            ("0", "0000000000.00000"),
            ("1700000000.123456", "1700000000.12346"),
            ("1700000000.123454999", "1700000000.12345"),
            ("9999999999.99999", "9999999999.99999"),
        ])
    func normalizes(text: String, normalized: String) throws {
        let parsed = try #require(ObjectTimestamp(text))
        #expect(parsed.description == normalized)
        #expect(ObjectTimestamp(parsed.description) == parsed)
    }

    @Test(
        "garbage is rejected",
        arguments: [
            "", " ", "abc", "-1", "+1", " 1", "1 ", "1e9", "1.", ".5", "1.2.3", "12345678901", "1,5", "0x10",
            "1700000000.12345_0000000000000001", "٣", "9999999999.999995", "nan",
        ])
    func rejects(text: String) {
        #expect(ObjectTimestamp(text) == nil)
    }

    @Test("timestamps order by time, not by text")
    func ordering() throws {
        let texts = ["1700000000.1", "2", "1700000000.00001", "1700000000", "10"]
        let sorted = texts.compactMap(ObjectTimestamp.init).sorted().map(\.description)
        #expect(
            sorted == [
                "0000000002.00000", "0000000010.00000", "1700000000.00000", "1700000000.00001", "1700000000.10000",
            ])
        #expect(timestamp(5) < timestamp(5, 1))
        #expect(timestamp(5, 1) == ObjectTimestamp("5.00001"))
    }

    @Test("now is the current time and moves by durations")
    func now() {
        let before = Date().timeIntervalSince1970
        let now = ObjectTimestamp.now()
        let after = Date().timeIntervalSince1970
        #expect(now.date.timeIntervalSince1970 >= before - 0.00001)
        #expect(now.date.timeIntervalSince1970 <= after + 0.00001)
        #expect(timestamp(100).advanced(by: .seconds(-10)) == timestamp(90))
        #expect(timestamp(100).advanced(by: .milliseconds(250)) == timestamp(100, 25_000))
        #expect(timestamp(1).advanced(by: .seconds(-10)) == timestamp(0))
        #expect(ObjectTimestamp(units: -1) == nil)
    }

    @Test("encodes as its normalized text")
    func codable() throws {
        let json = try JSONEncoder().encode([timestamp(42, 7)])
        #expect(String(decoding: json, as: UTF8.self) == #"["0000000042.00007"]"#)
        #expect(try JSONDecoder().decode([ObjectTimestamp].self, from: json) == [timestamp(42, 7)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ObjectTimestamp].self, from: Data(#"["x"]"#.utf8))
        }
    }

    @Test("file names are a normalized timestamp and an extension; a tombstone sorts last")
    func fileNames() throws {
        let data = try #require(ObjectFileName("1700000000.12345.data"))
        #expect(data.kind == .data)
        #expect(data.timestamp == ObjectTimestamp("1700000000.12345"))
        #expect(ObjectFileName("1700000000.12345.ts")?.kind == .tombstone)
        for bad in ["1700000000.1.data", "1700000000.12345.tmp", "1700000000.12345", "x.data", "hashes.json"] {
            #expect(ObjectFileName(bad) == nil)
        }
        let names = ["0000000005.00000.ts", "0000000005.00000.data", "0000000005.00000.meta", "0000000004.00000.ts"]
        #expect(
            names.compactMap(ObjectFileName.init).sorted().map(\.description) == [
                "0000000004.00000.ts", "0000000005.00000.data", "0000000005.00000.meta", "0000000005.00000.ts",
            ])
    }
}
