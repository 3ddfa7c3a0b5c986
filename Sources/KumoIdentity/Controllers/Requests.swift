import Foundation
import GRDB
import KumoHTTP

/// Request bodies of the Identity API (unknown fields are ignored, as Keystone's schemas allow).
enum Requests {
    struct ProjectBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var name: String?
            var domain_id: String?
            var description: String?
            var enabled: Bool?
        }
        var project: Fields
    }

    struct DomainBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var name: String?
            var description: String?
            var enabled: Bool?
        }
        var domain: Fields
    }

    struct UserBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var name: String?
            var domain_id: String?
            var password: String?
            var enabled: Bool?
            var default_project_id: String?
            var email: String?
            var description: String?
        }
        var user: Fields
    }

    struct GroupBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var name: String?
            var domain_id: String?
            var description: String?
        }
        var group: Fields
    }

    struct RoleBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var name: String?
            var description: String?
        }
        var role: Fields
    }

    struct ServiceBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var type: String?
            var name: String?
            var description: String?
            var enabled: Bool?
        }
        var service: Fields
    }

    struct EndpointBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var service_id: String?
            var interface: String?
            var region_id: String?
            var region: String?
            var url: String?
            var enabled: Bool?
        }
        var endpoint: Fields
    }

    struct RegionBody: Decodable, Sendable {
        struct Fields: Decodable, Sendable {
            var id: String?
            var description: String?
            var parent_region_id: String?
        }
        var region: Fields
    }
}

/// Checks a resource name: present, not blank, at most 255 characters.
func validName(_ name: String?, of kind: String) throws -> String {
    guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw APIErrors.missing("\(kind).name")
    }
    guard name.count <= 255 else { throw APIErrors.invalid("\(kind).name", "is longer than 255 characters") }
    return name
}

/// Keystone-worded validation errors.
enum APIErrors {
    static func missing(_ field: String) -> APIError {
        .badRequest("Invalid input for field '\(field)': it is a required property.")
    }

    static func invalid(_ field: String, _ problem: String) -> APIError {
        .badRequest("Invalid input for field '\(field)': \(problem).")
    }

    /// Runs a write; a UNIQUE violation becomes 409 with `message`.
    static func conflictOnDuplicate<T>(_ message: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw APIError.conflict(message)
        }
    }
}

/// The body of a PATCH, `{"<kind>": {fields}}`: Keystone refuses an empty change and any attempt
/// to change `id` or `domain_id`.
struct Update<Fields: Decodable & Sendable>: Decodable, Sendable {
    var fields: Fields

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: Key.self)
        guard outer.allKeys.count == 1, let kind = outer.allKeys.first else {
            throw APIError.badRequest("The request body must be one object naming the resource.")
        }
        let inner = try outer.nestedContainer(keyedBy: Key.self, forKey: kind)
        guard !inner.allKeys.isEmpty else {
            throw APIErrors.invalid(kind.stringValue, "{} does not have enough properties")
        }
        for immutable in ["id", "domain_id"] where inner.contains(Key(stringValue: immutable)) {
            throw APIErrors.invalid("\(kind.stringValue).\(immutable)", "it cannot be changed")
        }
        fields = try outer.decode(Fields.self, forKey: kind)
    }
}
