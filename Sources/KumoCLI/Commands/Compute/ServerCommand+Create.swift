import ArgumentParser
import Foundation
import KumoClient

extension ServerCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a server from an image and a flavor.",
            discussion: """
                The image and flavor may be given by name or ID. With --wait the server's progress is shown on \
                standard error until it is ACTIVE; a server that goes to ERROR ends the command with its fault.
                """)

        @OptionGroup var cloud: CloudOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Name of the new server.") var name: String
        @Option(help: "Image name or ID to boot from.") var image: String
        @Option(help: "Flavor name or ID.") var flavor: String
        @Option(help: "Key pair to inject.") var keyName: String?
        @Option(help: "A file of user data for the guest (cloud-init).") var userData: String?
        @Option(help: "A metadata property to set, key=value (repeatable).") var property: [String] = []
        @Option(help: "Availability zone to boot in.") var availabilityZone: String?
        @Option(help: "Least number of servers to create.") var min: Int?
        @Option(help: "Most number of servers to create.") var max: Int?
        @Option(help: "Server group (ID) to place the server in.") var group: String?
        @Flag(help: "Wait until the server is ACTIVE.") var wait = false

        func validate() throws {
            _ = try PropertyArguments.properties(property)
            let (least, most) = (min ?? 1, max ?? min ?? 1)
            guard least >= 1, most >= least else {
                throw ValidationError("--min and --max take counts of at least 1, --min no more than --max.")
            }
            guard !wait || most == 1 else { throw ValidationError("--wait waits for one server; drop --max.") }
        }

        /// What to ask for, with the image and flavor resolved to `imageID` and `flavorID`.
        func request(imageID: String, flavorID: String) throws -> ServerFields.Request {
            var request = ServerFields.Request(name: name, imageID: imageID, flavorID: flavorID)
            request.keyName = keyName
            if let userData {
                guard let data = FileManager.default.contents(atPath: userData) else {
                    throw CLIError("cannot read the user data file \(userData)")
                }
                request.userData = data
            }
            request.properties = try PropertyArguments.properties(property)
            request.availabilityZone = availabilityZone
            (request.minCount, request.maxCount) = (min, max ?? min)
            request.group = group
            return request
        }

        func run() async throws {
            let server = try await cloud.withCloud { cloud in
                let compute = try ComputeAPI(cloud)
                let imageID = try NameLookup.id(of: try await ImageAPI(cloud).find(image), "image")
                let body = ServerFields.createBody(
                    try request(imageID: imageID, flavorID: try await compute.flavorID(flavor)))
                let created = try await compute.createServer(body)
                let id = try NameLookup.id(of: created, "server")
                var server: ComputeAPI.Resource
                if wait, let settled = try await compute.wait(for: id, .status("ACTIVE")) {
                    server = settled
                } else {
                    server = try await compute.server(id)
                }
                server["adminPass"] = created["adminPass"]
                return ServerFields.shown(server, names: try await compute.names(of: [server]))
            }
            try output.show(server)
        }
    }
}
