import Foundation
import HTTPTypes
import KumoClient
import KumoHTTP
import KumoRPC
import Testing

@testable import KumoCompute

@Suite("POST /servers bodies")
struct ServerCreateRequestTests {
    static let image = "6a2c1f3e-1b7c-4a53-9d2e-0a1b2c3d4e5f"

    func request(_ server: JSONValue, hints: JSONValue? = nil) throws -> ServerCreateRequest {
        var body: [String: JSONValue] = ["server": server]
        if let hints { body["os:scheduler_hints"] = hints }
        return try ServerCreateRequest(.object(body), maxCount: 10)
    }

    @Test("a full body is read, references as URLs too")
    func full() throws {
        let parsed = try request([
            "name": "web", "imageRef": .string("http://glance/v2/images/\(Self.image)"), "flavorRef": 1,
            "user_data": .string(Data("#!/bin/sh\n".utf8).base64EncodedString()), "metadata": ["role": "web"],
            "min_count": 2, "max_count": 3, "networks": "none",
        ])
        #expect(parsed.imageRef == Self.image)
        #expect(parsed.flavorRef == "1")
        #expect(parsed.metadata == ["role": "web"])
        #expect((parsed.minCount, parsed.maxCount) == (2, 3))
    }

    /// A valid body with `changes` applied (`.null` removes a field), and the field the 400 must name.
    static let bad: [([String: JSONValue], String)] = [
        (["name": .null], "name"),
        (["name": " padded"], "name"),
        (["imageRef": "not-a-uuid"], "imageRef"),
        (["flavorRef": .null], "flavorRef"),
        (["user_data": "%%%"], "user_data"),
        (["metadata": ["k": 1]], "metadata"),
        (["min_count": 3, "max_count": 2], "min_count"),
        (["max_count": 11], "max_count"),
        (["networks": 5], "networks"),
    ]

    @Test("bad bodies are 400s naming the field", arguments: bad)
    func refused(changes: [String: JSONValue], field: String) throws {
        var server: [String: JSONValue] = ["name": "x", "imageRef": .string(Self.image), "flavorRef": "1"]
        for (key, value) in changes { server[key] = value == .null ? nil : value }
        let error = #expect(throws: APIError.self) { try request(.object(server)) }
        #expect(error?.status == .badRequest)
        #expect(error?.publicMessage.contains(field) == true, "\(error?.publicMessage ?? "")")
    }

    @Test("a flavor too small for the image is refused with Nova's words")
    func flavorFits() throws {
        let flavor = FlavorRecord(
            id: "1", name: "m1.tiny", vcpus: 1, memoryMB: 512, rootGB: 1, ephemeralGB: 0, swapMB: 0, rxtxFactor: 1, isPublic: true,
            description: nil, createdAt: Date())
        #expect(throws: APIError.self) { try ServerBuildPlan.checkFits(flavor: flavor, image: .init(id: "i", minRAMMB: 1024)) }
        #expect(throws: APIError.self) { try ServerBuildPlan.checkFits(flavor: flavor, image: .init(id: "i", minDiskGB: 2)) }
        #expect(throws: APIError.self) { try ServerBuildPlan.checkFits(flavor: flavor, image: .init(id: "i", size: 2 << 30)) }
        try ServerBuildPlan.checkFits(flavor: flavor, image: .init(id: "i", size: 14 << 20, minDiskGB: 1, minRAMMB: 256))
        #expect(ServerBuildPlan.hostname("Web Server #1") == "web-server-1")
    }
}
