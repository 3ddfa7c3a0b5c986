import Foundation
import KumoAuth
import KumoCore

/// The `token` object of Keystone's token responses.
struct TokenView: Encodable, Sendable {
    struct User: Encodable, Sendable {
        var id: String
        var name: String
        var domain: Reference
        var password_expires_at: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(domain, forKey: .domain)
            try container.encode(password_expires_at, forKey: .password_expires_at)
        }

        enum CodingKeys: String, CodingKey { case id, name, domain, password_expires_at }
    }

    struct Project: Encodable, Sendable {
        var id: String
        var name: String
        var domain: Reference
    }

    var methods: [String]
    var user: User
    var audit_ids: [String]
    var expires_at: String
    var issued_at: String
    var project: Project?
    var domain: Reference?
    var is_domain: Bool?
    var roles: [Reference]?
    var catalog: [CatalogEntry]?

    init(methods: [String], user: User, audit_ids: [String], expires_at: String, issued_at: String) {
        self.methods = methods
        self.user = user
        self.audit_ids = audit_ids
        self.expires_at = expires_at
        self.issued_at = issued_at
    }

    /// Keystone's timestamps: `2026-11-23T12:00:00.000000Z`.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = Date(timeIntervalSince1970: seconds.rounded(.down))
        let micros = Int(((seconds - seconds.rounded(.down)) * 1_000_000).rounded())
        let base = ISO8601DateFormatter().string(from: whole)  // 2026-11-23T12:00:00Z
        return base.dropLast() + "." + String(format: "%06d", min(micros, 999_999)) + "Z"
    }
}
