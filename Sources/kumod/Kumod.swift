import ArgumentParser

/// `kumod SERVICE`: runs one Kumo service, or the whole control plane with `kumod all`.
@main
struct Kumod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kumod",
        abstract: "The Kumo daemon: runs Kumo's services.",
        subcommands: [
            All.self, Monitor.self, Identity.self, Image.self, ObjectProxyCommand.self, StorageNodeCommand.self, ObjectCommand.self,
            ComputeAPICommand.self, SchedulerCommand.self, ConductorCommand.self, ComputeAgentCommand.self, Broker.self,
        ])
}
