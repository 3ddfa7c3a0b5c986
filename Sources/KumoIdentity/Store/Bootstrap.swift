import GRDB

/// What `kumod identity bootstrap` creates, idempotently: the `Default` domain, the roles `admin`,
/// `member`, `reader`, the `admin` project and user (admin of the project and the domain), the `service`
/// project with the users of Kumo's own services (admins of it), and the catalog of every Kumo service.
struct Bootstrap: Sendable {
    /// The catalog entry of one Kumo service.
    struct CatalogService: Sendable {
        var type: String
        var name: String
        var url: String
    }

    /// A user made with the `admin` role on its project (and on the default domain when `domainAdmin`).
    struct Account: Sendable {
        var user: String
        var password: String
        var project: String
        var projectDescription: String
        var domainAdmin = false
    }

    var accounts: [Account]
    var region: String
    var services: [CatalogService]

    /// Kumo services that call other services with a user of their own: `image` stores its bytes in
    /// the object store account of the `service` project; `compute` agents download images.
    static let serviceUsers = ["image", "compute"]

    /// The cloud's admin, and the users of `serviceUsers` with their passwords (by user name).
    static func kumoAccounts(adminPassword: String, servicePasswords: [String: String]) -> [Account] {
        [
            Account(
                user: "admin", password: adminPassword, project: "admin",
                projectDescription: "Bootstrap project for initializing the cloud.", domainAdmin: true)
        ]
            + serviceUsers.map { user in
                Account(
                    user: user, password: servicePasswords[user] ?? "", project: "service",
                    projectDescription: "Kumo's own services: their users, and the objects they store.")
            }
    }

    /// The services of a one-machine Kumo whose APIs answer at `host`.
    static func kumoServices(
        host: String, identityURL: String, objectPort: Int, imagePort: Int, computePort: Int
    ) -> [CatalogService] {
        [
            CatalogService(type: "identity", name: "keystone", url: identityURL),
            CatalogService(type: "compute", name: "nova", url: "http://\(host):\(computePort)/v2.1"),
            CatalogService(type: "image", name: "glance", url: "http://\(host):\(imagePort)"),
            CatalogService(type: "object-store", name: "swift", url: "http://\(host):\(objectPort)/v1/AUTH_%(project_id)s"),
            CatalogService(type: "network", name: "neutron", url: "http://\(host):9696"),
        ]
    }

    static let defaultDomainID = "default"
    static let roleNames = ["admin", "member", "reader"]

    /// Applies the bootstrap. `passwordHashes` holds the hash of each account's password by user name;
    /// a stored hash is replaced only when `verify` says the password changed.
    func apply(_ db: Database, passwordHashes: [String: String], verify: (String, String) -> Bool) throws {
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
        for account in accounts {
            try apply(account, db, passwordHash: passwordHashes[account.user] ?? "", adminRole: roles["admin"]!, verify: verify)
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

    /// Creates (or updates the password of) one account, its project and its admin grants.
    private func apply(
        _ account: Account, _ db: Database, passwordHash: String, adminRole: RoleRecord, verify: (String, String) -> Bool
    ) throws {
        let project =
            try ProjectRecord.filter(Column("domain_id") == Self.defaultDomainID && Column("name") == account.project)
            .fetchOne(db)
            ?? {
                let project = ProjectRecord(
                    id: newIdentifier(), name: account.project, domainID: Self.defaultDomainID,
                    description: account.projectDescription, enabled: true)
                try project.insert(db)
                return project
            }()
        var user: UserRecord
        if let existing = try UserRecord.filter(Column("domain_id") == Self.defaultDomainID && Column("name") == account.user)
            .fetchOne(db)
        {
            user = existing
            if !verify(account.password, existing.passwordHash ?? "") {
                user.passwordHash = passwordHash
                try user.update(db)
            }
        } else {
            user = UserRecord(
                id: newIdentifier(), name: account.user, domainID: Self.defaultDomainID, enabled: true,
                passwordHash: passwordHash, defaultProjectID: project.id, email: nil, description: nil)
            try user.insert(db)
        }
        var targets = [(AssignmentRecord.TargetType.project, project.id)]
        if account.domainAdmin { targets.append((.domain, Self.defaultDomainID)) }
        for target in targets {
            try AssignmentRecord(
                actorType: .user, actorID: user.id, targetType: target.0, targetID: target.1, roleID: adminRole.id
            ).insert(db, onConflict: .ignore)
        }
    }
}
