import ArgumentParser
import KumoClient

extension ServerCommand {
    /// `kumo server event list|show`: the actions done to a server (`os-instance-actions`).
    struct Event: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Actions done to a server and their events.", subcommands: [List.self, Show.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the actions done to a server.")

            @OptionGroup var cloud: CloudOptions
            @OptionGroup var output: OutputOptions
            @Argument(help: "Server name or ID.") var server: String

            func run() async throws {
                let actions = try await cloud.withCompute {
                    try await $0.instanceActions(try await $0.serverID(server))
                }
                try output.list(
                    actions,
                    columns: [
                        ("Request ID", "request_id"), ("Server ID", "instance_uuid"), ("Action", "action"),
                        ("Start Time", "start_time"),
                    ])
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show an action with its events.")

            @OptionGroup var cloud: CloudOptions
            @OptionGroup var output: OutputOptions
            @Argument(help: "Server name or ID.") var server: String
            @Argument(help: "Request ID of the action.") var requestID: String

            func run() async throws {
                let action = try await cloud.withCompute {
                    try await $0.instanceAction(try await $0.serverID(server), requestID: requestID)
                }
                try output.format.print(action) { Table(object: Self.shown(action)) }
            }

            /// An action as its table shows it: one line per event, `name: result (start → finish)`.
            static func shown(_ action: [String: JSONValue]) -> [String: JSONValue] {
                var shown = action
                if let events = action["events"]?.array {
                    shown["events"] = .string(
                        events.map { event in
                            let name = event["event"]?.cellText ?? "?", result = event["result"]?.cellText ?? "None"
                            let start = event["start_time"]?.cellText ?? "None"
                            let finish = event["finish_time"]?.cellText ?? "None"
                            return "\(name): \(result) (\(start) → \(finish))"
                        }.joined(separator: "\n"))
                }
                return shown
            }
        }
    }
}
