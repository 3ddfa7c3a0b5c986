import GRDB

/// What `kumod identity bootstrap` creates, idempotently: the `Default` domain, the `admin` project and
/// user, the roles `admin`, `member`, `reader`, the admin's role, and the catalog of every Kumo service.
struct Bootstrap: Sendable {
    /// The catalog entry of one Kumo service.
    struct CatalogService: Sendable {
        var type: String
        var name: String
        var url: String
    }

    var adminPassword: String
    var region: String
    var services: [CatalogService]

    /// The services of a one-machine Kumo whose APIs answer at `host`.
    static func kumoServices(host: String, identityURL: String, objectPort: Int) -> [CatalogService] {
        [
            CatalogService(type: "identity", name: "keystone", url: identityURL),
            CatalogService(type: "compute", name: "nova", url: "http://\(host):8774/v2.1"),
            CatalogService(type: "image", name: "glance", url: "http://\(host):9292"),
            CatalogService(type: "object-store", name: "swift", url: "http://\(host):\(objectPort)/v1/AUTH_%(project_id)s"),
            CatalogService(type: "network", name: "neutron", url: "http://\(host):9696"),
        ]
    }

    static let defaultDomainID = "default"
    static let roleNames = ["admin", "member", "reader"]

    /// Applies the bootstrap; the admin's stored hash is replaced only when `verify` says the password
    /// changed.
    func apply(_ db: Database, passwordHash: String, verify: (String, String) -> Bool) throws {
        if try DomainRecord.fetchOne(db, key: Self.defaultDomainID) == nil {
            try DomainRecord(id: Self.defaultDomainID, name: "Default", description: "The default domain", enabled: true)
                .insert(db)
        }
        var roles: [String: RoleRecord] = [:]
        for name in Self.roleNames {
            if let role = try RoleRecord.filter(Column("name") == name).fetchOne(db) {
                roles[name] = role
            } else {
                let role = RoleRecord(id: newIdentifier(), name: name, description: nil)
                try role.insert(db)
                roles[name] = role
            }
        }
        let project =
            try ProjectRecord.filter(Column("domain_id") == Self.defaultDomainID && Column("name") == "admin").fetchOne(db)
            ?? {
                let project = ProjectRecord(
                    id: newIdentifier(), name: "admin", domainID: Self.defaultDomainID,
                    description: "Bootstrap project for initializing the cloud.", enabled: true)
                try project.insert(db)
                return project
            }()
        var user: UserRecord
        if let existing = try UserRecord.filter(Column("domain_id") == Self.defaultDomainID && Column("name") == "admin")
            .fetchOne(db)
        {
            user = existing
            if !verify(adminPassword, existing.passwordHash ?? "") {
                user.passwordHash = passwordHash
                try user.update(db)
            }
        } else {
            user = UserRecord(
                id: newIdentifier(), name: "admin", domainID: Self.defaultDomainID, enabled: true,
                passwordHash: passwordHash, defaultProjectID: project.id, email: nil, description: nil)
            try user.insert(db)
        }
        for target in [(AssignmentRecord.TargetType.project, project.id), (.domain, Self.defaultDomainID)] {
            try AssignmentRecord(
                actorType: .user, actorID: user.id, targetType: target.0, targetID: target.1, roleID: roles["admin"]!.id
            ).insert(db, onConflict: .ignore)
        }
        if try RegionRecord.fetchOne(db, key: region) == nil {
            try RegionRecord(id: region, description: "", parentRegionID: nil).insert(db)
        }
        for entry in services {
            let service =
                try ServiceRecord.filter(Column("type") == entry.type).fetchOne(db)
                ?? {
                    let service = ServiceRecord(id: newIdentifier(), type: entry.type, name: entry.name, description: nil, enabled: true)
                    try service.insert(db)
                    return service
                }()
            for interface in ["public", "internal", "admin"] {
                let existing = try EndpointRecord.filter(
                    Column("service_id") == service.id && Column("interface") == interface && Column("region_id") == region
                ).fetchOne(db)
                if var endpoint = existing {
                    if endpoint.url != entry.url {
                        endpoint.url = entry.url
                        try endpoint.update(db)
                    }
                } else {
                    try EndpointRecord(
                        id: newIdentifier(), serviceID: service.id, interface: interface, regionID: region, url: entry.url,
                        enabled: true
                    ).insert(db)
                }
            }
        }
    }
}
