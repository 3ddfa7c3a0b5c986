import Foundation
import KumoCore
import KumoHTTP
import KumoTesting
import Testing

@testable import KumoImage

@Suite("Image listing: filters, visibility, sort and pages")
struct ImageQueryTests {
    static func credentials(_ project: String, roles: [String] = ["member"]) -> Credentials {
        Credentials(
            userID: "u-\(project)", userName: project, userDomainID: "default", projectID: project, domainID: nil,
            roles: roles, auditID: "a")
    }

    let alice = Self.credentials("alice")
    let bob = Self.credentials("bob")
    let admin = Self.credentials("admin", roles: ["admin"])

    @Test("query parameters: filters, in: lists, sort forms, limits")
    func parse() throws {
        let query = try ImageQuery(parameters: [
            ("name", "in:a,\"b,c\""), ("tag", "x"), ("tag", "y"), ("size_min", "10"), ("os_hidden", "true"),
            ("hw_disk_bus", "virtio"), ("sort", "name:asc,size"), ("limit", "5000"), ("marker", "m"),
        ])
        #expect(query.matches == ["name": ["a", "b,c"]])
        #expect(query.tags == ["x", "y"] && query.sizeMin == 10 && query.isHidden)
        #expect(query.properties == ["hw_disk_bus": "virtio"])
        #expect(query.sort == [.init(name: "name", direction: .asc), .init(name: "size", direction: .desc)])
        #expect(query.limit == ImageQuery.maxLimit && query.marker == "m")
        let legacy = try ImageQuery(parameters: [("sort_key", "size"), ("sort_key", "name"), ("sort_dir", "asc")])
        #expect(legacy.sort == [.init(name: "size", direction: .asc), .init(name: "name", direction: .asc)])
        #expect(ImageQuery().sort == [.init(name: "created_at", direction: .desc)])
    }

    @Test("a query string is decoded as forms encode it")
    func formDecoding() {
        let parameters = ImageQuery.parameters(fromQuery: "name=my+image%2B1&tag=a%20b&os_hidden")
        #expect(parameters.map(\.0) == ["name", "tag", "os_hidden"])
        #expect(parameters.map(\.1) == ["my image+1", "a b", ""])
        #expect(ImageQuery.parameters(fromQuery: nil).isEmpty)
    }

    @Test(
        "bad parameters are 400",
        arguments: [
            [("visibility", "everyone")], [("limit", "-1")], [("limit", "many")], [("sort", "checksum:asc")],
            [("sort", "name:up")], [("sort", "name"), ("sort_key", "size")], [("member_status", "maybe")],
            [("protected", "perhaps")],
        ])
    func badParameters(parameters: [(String, String)]) {
        #expect(throws: APIError.self) { try ImageQuery(parameters: parameters) }
    }

    /// A store holding: alice's private `a-private`, shared `a-shared` (bob a pending member) and
    /// `a-accepted` (bob accepted), public `a-public` (tag `x`, property `os_distro=debian`), community
    /// `a-community`, hidden public `a-hidden`; bob's private `b-private`; and a deleted public image.
    func withStore(_ body: (ImageStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        let store = try ImageStore(path: directory.path + "/image.sqlite")
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let images: [(String, String, Visibility, Int)] = [
            ("a-private", "alice", .private, 10), ("a-shared", "alice", .shared, 20), ("a-accepted", "alice", .shared, 30),
            ("a-public", "alice", .public, 40), ("a-community", "alice", .community, 50), ("a-hidden", "alice", .public, 60),
            ("b-private", "bob", .private, 70), ("gone", "alice", .public, 80),
        ]
        for (index, (name, owner, visibility, size)) in images.enumerated() {
            var attributes = ImageAttributes(owner: owner)
            attributes.name = name
            attributes.visibility = visibility
            attributes.isHidden = name == "a-hidden"
            if name == "a-public" {
                attributes.tags = ["x"]
                attributes.properties = ["os_distro": "debian"]
            }
            var image = Image(id: name, attributes: attributes, now: start.addingTimeInterval(Double(index)))
            image.record.size = size
            if name == "gone" { image.record.status = .deleted }
            try await store.insert(image)
        }
        _ = try await store.addMember("a-shared", memberID: "bob", as: alice)
        _ = try await store.addMember("a-accepted", memberID: "bob", as: alice)
        _ = try await store.answer("a-accepted", memberID: "bob", status: .accepted, as: bob)
        try await body(store)
    }

    func names(_ store: ImageStore, _ parameters: [(String, String)] = [], as credentials: Credentials) async throws -> [String] {
        try await store.list(ImageQuery(parameters: parameters), for: credentials).map { $0.record.name ?? "" }
    }

    @Test("each project lists its own, public and accepted shared images (community ones on request); admins list all")
    func visibility() async throws {
        try await withStore { store async throws in
            #expect(
                try await names(store, as: alice) == ["a-community", "a-public", "a-accepted", "a-shared", "a-private"],
                "newest first, its own community image, no hidden or deleted one")
            #expect(try await names(store, as: bob) == ["b-private", "a-public", "a-accepted"])
            #expect(try await names(store, [("member_status", "pending")], as: bob) == ["b-private", "a-public", "a-shared"])
            #expect(try await names(store, [("visibility", "community")], as: bob) == ["a-community"])
            #expect(try await names(store, [("visibility", "private")], as: bob) == ["b-private"])
            #expect(try await names(store, [("visibility", "shared"), ("member_status", "all")], as: bob) == ["a-accepted", "a-shared"])
            #expect(try await names(store, [("os_hidden", "true")], as: bob) == ["a-hidden"])
            #expect(try await names(store, as: admin).count == 6)
        }
    }

    @Test("a project sees an image shared with it even before answering, but not another's private image")
    func fetch() async throws {
        try await withStore { store async throws in
            #expect(try await store.image("a-shared", seenBy: bob).record.name == "a-shared")
            #expect(try await store.image("a-community", seenBy: bob).record.name == "a-community")
            await #expect(throws: APIError.notFound("No image found with ID a-private")) {
                try await store.image("a-private", seenBy: bob)
            }
            await #expect(throws: APIError.self) { try await store.image("gone", seenBy: admin) }
        }
    }

    @Test("filters by name, tag, property, size and owner")
    func filters() async throws {
        try await withStore { store async throws in
            #expect(try await names(store, [("name", "a-public")], as: bob) == ["a-public"])
            #expect(try await names(store, [("name", "in:a-public,b-private")], as: bob) == ["b-private", "a-public"])
            #expect(try await names(store, [("tag", "x")], as: bob) == ["a-public"])
            #expect(try await names(store, [("tag", "x"), ("tag", "y")], as: bob).isEmpty)
            #expect(try await names(store, [("os_distro", "debian")], as: bob) == ["a-public"])
            #expect(try await names(store, [("size_min", "30"), ("size_max", "40")], as: alice) == ["a-public", "a-accepted"])
            #expect(try await names(store, [("owner", "bob")], as: admin) == ["b-private"])
        }
    }

    @Test("pages follow the sort order through markers, whatever the keys")
    func pages() async throws {
        try await withStore { store async throws in
            for sort in ["name:asc", "size:desc", "created_at:asc", "visibility:asc,name:desc"] {
                let all = try await names(store, [("sort", sort)], as: admin)
                var paged: [String] = []
                var marker: String?
                repeat {
                    var parameters = [("sort", sort), ("limit", "2")]
                    if let marker { parameters.append(("marker", marker)) }
                    let page = try await store.list(ImageQuery(parameters: parameters), for: admin)
                    paged += page.map { $0.record.name ?? "" }
                    marker = page.count == 2 ? page.last?.id : nil
                } while marker != nil
                #expect(paged == all, "sort \(sort)")
            }
            #expect(try await names(store, [("sort", "name:asc")], as: admin).first == "a-accepted")
            await #expect(throws: APIError.self) { try await store.list(ImageQuery(parameters: [("marker", "a-private")]), for: bob) }
        }
    }
}
