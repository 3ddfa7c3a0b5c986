import ArgumentParser
import KumoClient
import NIOHTTP1

/// `kumo container create|list|show|delete`: the containers of the project's object store, as
/// `openstack container …`.
struct ContainerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container", abstract: "Object storage containers.",
        subcommands: [Create.self, List.self, Show.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a container.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Name of the new container.") var name: String
        @Flag(name: .customLong("public"), help: "Let anyone read and list it (X-Container-Read: .r:*,.rlistings).")
        var isPublic = false

        func run() async throws {
            try await cloud.withObjectStore { try await $0.createContainer(name, public: isPublic) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List containers with their objects and bytes.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let containers = try await cloud.withObjectStore { try await $0.listing() }
            try output.format.print(containers) {
                Table(
                    headers: ["Name", "Objects", "Bytes"],
                    rows: containers.map { [$0.key, String($0.count ?? 0), String($0.bytes ?? 0)] })
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a container's objects, bytes, ACLs and metadata.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Container name.") var name: String

        func run() async throws {
            let headers = try await cloud.withObjectStore { try await $0.head(name) }
            func field(_ header: String) -> JSONValue { ObjectStore.field(headers, header) }
            try output.show([
                "name": .string(name), "objects": field("X-Container-Object-Count"),
                "bytes": field("X-Container-Bytes-Used"), "read_acl": field("X-Container-Read"),
                "write_acl": field("X-Container-Write"),
                "metadata": .object(ObjectStore.metadata(headers, prefix: "X-Container-Meta-")),
            ])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a container.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Container name.") var name: String
        @Flag(help: "Delete its objects first (static large objects with their segments).") var recursive = false

        func run() async throws {
            try await cloud.withObjectStore { store in
                if recursive {
                    try await store.forEachPage(of: name) { page in
                        for object in page.compactMap(\.name) {
                            do {
                                try await store.deleteObject(name, object)
                            } catch let failure as APIFailure where failure.status == 404 {
                                // Gone already: a segment of a large object deleted before it.
                            }
                        }
                    }
                }
                try await store.deleteContainer(name)
            }
        }
    }
}
