import ArgumentParser
import KumoClient
import Testing

@testable import KumoCLI

@Suite("Auth options from OS_* and --os-* flags")
struct CloudOptionsTests {
    static let environment = [
        "OS_AUTH_URL": "http://127.0.0.1:5000/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "secret",
        "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
        "OS_REGION_NAME": "RegionOne",
    ]

    @Test("the environment alone, as an openrc file sets it")
    func environment() throws {
        let options = try CloudOptions.parse([]).authOptions(environment: Self.environment)
        #expect(
            options
                == AuthOptions(
                    authURL: "http://127.0.0.1:5000/v3", username: "admin", password: "secret", projectName: "admin",
                    region: "RegionOne"))
    }

    @Test("each flag overrides its variable")
    func flags() throws {
        let options = try CloudOptions.parse([
            "--os-auth-url", "http://10.0.0.1:5000", "--os-username", "alice", "--os-password", "pw",
            "--os-project-name", "demo", "--os-user-domain-name", "Users", "--os-project-domain-name", "Projects",
        ]).authOptions(environment: Self.environment)
        #expect(
            options
                == AuthOptions(
                    authURL: "http://10.0.0.1:5000", username: "alice", password: "pw", userDomainName: "Users",
                    projectName: "demo", projectDomainName: "Projects", region: "RegionOne"))
    }

    @Test("without an auth URL anywhere the error says what to set")
    func missing() throws {
        #expect {
            try CloudOptions.parse(["--os-username", "alice"]).authOptions(environment: [:])
        } throws: { error in
            "\(error)".contains("OS_AUTH_URL")
        }
    }
}
