import ArgumentParser
import KumoClient
import NIOHTTP1

/// `kumo object upload|download|list|stat|delete`: objects of the project's object store.
struct ObjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "object", abstract: "Objects in the object store.",
        subcommands: [UploadCommand.self, DownloadCommand.self, List.self, Stat.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a container's objects.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Container name.") var container: String
        @Option(help: "Only names that start with this.") var prefix: String?
        @Option(help: "Fold names at this character after the prefix into one subdirectory entry.")
        var delimiter: String?
        @Flag(help: "Show size, ETag, content type and last modification too.") var long = false

        func run() async throws {
            let objects = try await cloud.withObjectStore {
                try await $0.listing(container, prefix: prefix, delimiter: delimiter)
            }
            try output.format.print(objects) {
                guard long else { return Table(headers: ["Name"], rows: objects.map { [$0.key] }) }
                return Table(
                    headers: ["Name", "Bytes", "Hash", "Content Type", "Last Modified"],
                    rows: objects.map { object in
                        let bytes = object.bytes.map(String.init) ?? ""
                        return [object.key, bytes, object.hash ?? "", object.contentType ?? "", object.lastModified ?? ""]
                    })
            }
        }
    }

    struct Stat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an object's size, ETag, type, modification, metadata and whether it is a large object.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Container name.") var container: String
        @Argument(help: "Object name.") var name: String

        func run() async throws {
            let headers = try await cloud.withObjectStore { try await $0.head(container, name) }
            func field(_ header: String) -> JSONValue { ObjectStore.field(headers, header) }
            try output.show([
                "container": .string(container), "name": .string(name), "size": field("Content-Length"),
                "etag": headers.first(name: "ETag").map { .string(MD5Digest.unquoted($0)) } ?? .null,
                "content_type": field("Content-Type"), "last_modified": field("Last-Modified"),
                "metadata": .object(ObjectStore.metadata(headers, prefix: "X-Object-Meta-")),
                "large_object": .bool(ObjectStore.isLargeObject(headers)),
            ])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete objects; a static large object with its segments.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Container name.") var container: String
        @Argument(help: "Object names.") var names: [String]

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("Name at least one object.") }
        }

        func run() async throws {
            try await cloud.withObjectStore { store in
                for name in names { try await store.deleteObject(container, name) }
            }
        }
    }
}
