import ArgumentParser
import KumoClient

/// A server action without options: its subcommand, its body of `POST /servers/{id}/action` and the
/// status the server settles in.
protocol ServerAction {
    static var commandName: String { get }
    static var abstract: String { get }
    static var body: JSONValue { get }
    static var settledStatus: String { get }
}

enum Pause: ServerAction {
    static let commandName = "pause", abstract = "Pause servers (their memory stays in place)."
    static let body: JSONValue = ["pause": .null], settledStatus = "PAUSED"
}

enum Unpause: ServerAction {
    static let commandName = "unpause", abstract = "Unpause paused servers."
    static let body: JSONValue = ["unpause": .null], settledStatus = "ACTIVE"
}

enum Suspend: ServerAction {
    static let commandName = "suspend", abstract = "Suspend servers (their memory saved to disk)."
    static let body: JSONValue = ["suspend": .null], settledStatus = "SUSPENDED"
}

enum Resume: ServerAction {
    static let commandName = "resume", abstract = "Resume suspended servers."
    static let body: JSONValue = ["resume": .null], settledStatus = "ACTIVE"
}

enum Stop: ServerAction {
    static let commandName = "stop", abstract = "Stop (shut off) servers."
    static let body: JSONValue = ["os-stop": .null], settledStatus = "SHUTOFF"
}

enum Start: ServerAction {
    static let commandName = "start", abstract = "Start stopped servers."
    static let body: JSONValue = ["os-start": .null], settledStatus = "ACTIVE"
}

/// `kumo server pause|unpause|suspend|resume|stop|start SERVER... [--wait]`.
struct ServerActionCommand<Action: ServerAction>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Action.commandName, abstract: Action.abstract)
    }

    @OptionGroup var cloud: CloudOptions
    @Argument(help: "Server names or IDs.") var servers: [String]
    @Flag(help: "Wait until the servers are \(Action.settledStatus).") var wait = false

    func validate() throws {
        guard !servers.isEmpty else { throw ValidationError("Name at least one server.") }
    }

    func run() async throws {
        try await cloud.withCompute {
            try await $0.perform(Action.body, on: servers, settlingIn: wait ? Action.settledStatus : nil)
        }
    }
}

extension ServerCommand {
    /// `kumo server reboot [--hard] SERVER... [--wait]`.
    struct Reboot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reboot servers: soft (the guest is asked) or hard.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Server names or IDs.") var servers: [String]
        @Flag(help: "Reset the server rather than ask its guest to reboot.") var hard = false
        @Flag(help: "Wait until the servers are ACTIVE again.") var wait = false

        func validate() throws {
            guard !servers.isEmpty else { throw ValidationError("Name at least one server.") }
        }

        static func body(hard: Bool) -> JSONValue { ["reboot": ["type": hard ? "HARD" : "SOFT"]] }

        func run() async throws {
            try await cloud.withCompute {
                try await $0.perform(Self.body(hard: hard), on: servers, settlingIn: wait ? "ACTIVE" : nil)
            }
        }
    }
}

extension ComputeAPI {
    /// Sends the action `body` to each of `servers` in turn (stopping at the first failure), then waits
    /// for each to be `settlingIn` when given.
    func perform(_ body: JSONValue, on servers: [String], settlingIn status: String?) async throws {
        var ids: [String] = []
        for server in servers {
            let id = try await serverID(server)
            try await act(id, body)
            ids.append(id)
        }
        guard let status else { return }
        for id in ids { try await wait(for: id, .status(status)) }
    }
}
