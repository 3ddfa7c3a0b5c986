import ArgumentParser

/// `kumo`: the user's command-line client of a Kumo cloud.
public struct KumoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kumo",
        abstract: "Command-line client of the Kumo cloud.",
        subcommands: [
            LoginCommand.self, LogoutCommand.self, TokenCommand.self, CatalogCommand.self, ProjectCommand.self,
            UserCommand.self, RoleCommand.self, ContainerCommand.self, ObjectCommand.self, ImageCommand.self,
            ServiceCommand.self, ServerCommand.self, FlavorCommand.self, KeypairCommand.self, HypervisorCommand.self,
            ComputeCommand.self,
        ])

    /// Errors read `kumo: <message>`, an API's `kumo: <message> (HTTP <status>)`.
    public static var _errorPrefix: String { "kumo: " }

    public init() {}
}
