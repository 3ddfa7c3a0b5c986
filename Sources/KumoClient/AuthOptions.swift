import Foundation

/// How to authenticate against identity: the `OS_*` variables of an openrc file, as `openstack` reads them.
public struct AuthOptions: Sendable, Equatable, Codable {
    /// `OS_AUTH_URL`, e.g. `http://127.0.0.1:5000/v3`.
    public var authURL: String
    public var username: String?
    public var password: String?
    public var userDomainName: String
    /// Project scope by name (with `projectDomainName`) or id.
    public var projectName: String?
    public var projectID: String?
    public var projectDomainName: String
    /// An existing token (`OS_TOKEN`) instead of a password.
    public var token: String?
    public var region: String?

    public init(
        authURL: String, username: String? = nil, password: String? = nil, userDomainName: String = "Default",
        projectName: String? = nil, projectID: String? = nil, projectDomainName: String = "Default",
        token: String? = nil, region: String? = nil
    ) {
        self.authURL = authURL
        self.username = username
        self.password = password
        self.userDomainName = userDomainName
        self.projectName = projectName
        self.projectID = projectID
        self.projectDomainName = projectDomainName
        self.token = token
        self.region = region
    }

    /// Reads `OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`, `OS_USER_DOMAIN_NAME`, `OS_PROJECT_NAME`,
    /// `OS_PROJECT_ID`, `OS_PROJECT_DOMAIN_NAME`, `OS_TOKEN`, `OS_REGION_NAME`; nil without `OS_AUTH_URL`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AuthOptions? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let authURL = value("OS_AUTH_URL") else { return nil }
        return AuthOptions(
            authURL: authURL, username: value("OS_USERNAME"), password: value("OS_PASSWORD"),
            userDomainName: value("OS_USER_DOMAIN_NAME") ?? value("OS_USER_DOMAIN_ID") ?? "Default",
            projectName: value("OS_PROJECT_NAME"), projectID: value("OS_PROJECT_ID"),
            projectDomainName: value("OS_PROJECT_DOMAIN_NAME") ?? value("OS_PROJECT_DOMAIN_ID") ?? "Default",
            token: value("OS_TOKEN"), region: value("OS_REGION_NAME"))
    }

    /// The v3 base URL (`…/v3`) whatever form `authURL` has.
    public var identityV3: String {
        var url = authURL
        while url.hasSuffix("/") { url.removeLast() }
        return url.hasSuffix("/v3") ? url : url + "/v3"
    }
}
