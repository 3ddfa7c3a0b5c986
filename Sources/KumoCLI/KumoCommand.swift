import ArgumentParser

/// `kumo`: the user's command-line client of a Kumo cloud.
public struct KumoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kumo",
        abstract: "Command-line client of the Kumo cloud.",
        subcommands: [ServiceCommand.self])

    public init() {}
}
