import ArgumentParser
import Foundation
import KumoClient

/// `kumo image create|list|show|save|set|delete`: the images of the Image service, as `openstack image …`.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Images of the image service.",
        subcommands: [Create.self, List.self, Show.self, Save.self, Set.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an image and upload its data from a file.",
            discussion: """
                The file is streamed with its size known and progress shown on standard error; the image \
                is printed once the service has checked its data. An image whose upload fails is deleted.
                """)

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var progress: ProgressOptions
        @Argument(help: "Name of the new image.") var name: String
        @Option(help: "The file holding the image's data.") var file: String
        @Option(help: "Disk format: qcow2, raw, vmdk, iso, …") var diskFormat = "raw"
        @Option(help: "Container format: bare, ovf, …") var containerFormat = "bare"
        @Flag var visibility: ImageVisibility?
        @Option(help: "A property to set, key=value (repeatable).") var property: [String] = []

        func validate() throws { _ = try PropertyArguments.properties(property) }

        func run() async throws {
            let data = try OpenFile.reading(file)
            let size = try data.size()
            let body = ImageFields.createBody(
                name: name, diskFormat: diskFormat, containerFormat: containerFormat, visibility: visibility,
                properties: try PropertyArguments.properties(property))
            let image = try await cloud.withImages { images in
                let created = try await images.create(body)
                guard let id = created["id"]?.string else { throw CLIError("the image service answered without an id") }
                let reporter = progress.reporter(total: Int64(size))
                let md5: String
                do {
                    defer { reporter.finish() }
                    md5 = try await images.upload(id, file: data, progress: reporter)
                } catch {
                    try? await images.delete(id)
                    throw error
                }
                let image = try await images.image(id)
                if let checksum = image["checksum"]?.string, checksum != md5 {
                    throw CLIError("image \(id): the service's checksum \(checksum) is not the MD5 \(md5) of the bytes sent")
                }
                return image
            }
            try output.show(ImageFields.shown(image))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the images the project sees.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only images of this name.") var name: String?

        func run() async throws {
            let images = try await cloud.withImages { try await $0.list(name: name) }
            try output.list(
                images.map(ImageFields.shown),
                columns: [("ID", "id"), ("Name", "name"), ("Status", "status"), ("Size", "size"), ("Visibility", "visibility")])
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an image's details.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Image name or ID.") var image: String

        func run() async throws {
            try output.show(ImageFields.shown(try await cloud.withImages { try await $0.find(image) }))
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download an image's data to a file, checked against its checksum.")

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var progress: ProgressOptions
        @Argument(help: "Image name or ID.") var image: String
        @Option(help: "The file to write.") var file: String

        func run() async throws {
            try await cloud.withImages { images in
                let found = try await images.find(image)
                guard let id = found["id"]?.string else { throw CLIError("the image service answered without an id") }
                var size: Int64 = 0
                if case .number(let bytes)? = found["size"] { size = Int64(bytes) }
                let reporter = progress.reporter(total: size)
                defer { reporter.finish() }
                try await images.download(id, to: file, progress: reporter)
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an image's name, visibility or properties.")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Image name or ID.") var image: String
        @Option(help: "A property to set, key=value (repeatable).") var property: [String] = []
        @Option(help: "The new name.") var name: String?
        @Flag var visibility: ImageVisibility?

        func validate() throws {
            let properties = try PropertyArguments.properties(property)
            guard !properties.isEmpty || name != nil || visibility != nil else {
                throw ValidationError("Give something to change: --property, --name, --public or --private.")
            }
        }

        func run() async throws {
            let patch = ImageFields.patch(
                name: name, visibility: visibility, properties: try PropertyArguments.properties(property))
            try await cloud.withImages { images in
                let found = try await images.find(image)
                guard let id = found["id"]?.string else { throw CLIError("the image service answered without an id") }
                try await images.update(id, patch: patch)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete images (stopping at the first failure).")

        @OptionGroup var cloud: CloudOptions
        @Argument(help: "Image names or IDs.") var images: [String]

        func validate() throws {
            guard !images.isEmpty else { throw ValidationError("Name at least one image.") }
        }

        func run() async throws {
            try await cloud.withImages { api in
                for image in images {
                    let found = try await api.find(image)
                    guard let id = found["id"]?.string else { throw CLIError("the image service answered without an id") }
                    try await api.delete(id)
                }
            }
        }
    }
}
