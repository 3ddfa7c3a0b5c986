import Foundation

extension TokenClaims: Codable {
    enum CodingKeys: String, CodingKey {
        case sub, methods, roles, iat, exp
        case userName = "user_name"
        case userDomainID = "user_domain_id"
        case projectID = "project_id"
        case projectDomainID = "project_domain_id"
        case domainID = "domain_id"
        case auditIDs = "audit_ids"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let projectID = try container.decodeIfPresent(String.self, forKey: .projectID)
        let projectDomainID = try container.decodeIfPresent(String.self, forKey: .projectDomainID)
        let domainID = try container.decodeIfPresent(String.self, forKey: .domainID)
        let scope: TokenScope
        switch (projectID, projectDomainID, domainID) {
        case (nil, nil, nil): scope = .unscoped
        case (let project?, let projectDomain?, nil): scope = .project(id: project, domainID: projectDomain)
        case (nil, nil, let domain?): scope = .domain(id: domain)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .projectID, in: container, debugDescription: "inconsistent scope claims")
        }
        let auditIDs = try container.decode([String].self, forKey: .auditIDs)
        guard !auditIDs.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .auditIDs, in: container, debugDescription: "audit_ids is empty")
        }
        self.init(
            userID: try container.decode(String.self, forKey: .sub),
            userName: try container.decode(String.self, forKey: .userName),
            userDomainID: try container.decode(String.self, forKey: .userDomainID),
            methods: try container.decode([String].self, forKey: .methods),
            scope: scope,
            roles: try container.decode([TokenRole].self, forKey: .roles),
            issuedAt: Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .iat)),
            expiresAt: Date(timeIntervalSince1970: Double(try container.decode(Int64.self, forKey: .exp))),
            auditIDs: auditIDs)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(userID, forKey: .sub)
        try container.encode(userName, forKey: .userName)
        try container.encode(userDomainID, forKey: .userDomainID)
        try container.encode(methods, forKey: .methods)
        switch scope {
        case .unscoped: break
        case .project(let id, let domainID):
            try container.encode(id, forKey: .projectID)
            try container.encode(domainID, forKey: .projectDomainID)
        case .domain(let id):
            try container.encode(id, forKey: .domainID)
        }
        try container.encode(roles, forKey: .roles)
        try container.encode(Self.microseconds(issuedAt), forKey: .iat)
        guard let exp = Int64(exactly: expiresAt.timeIntervalSince1970.rounded(.down)) else {
            throw EncodingError.invalidValue(
                expiresAt, .init(codingPath: [CodingKeys.exp], debugDescription: "expiry out of range"))
        }
        try container.encode(exp, forKey: .exp)
        try container.encode(auditIDs, forKey: .auditIDs)
    }
}
