import KumoClient
import KumoRuntime

/// Downloads images for the image cache as the compute service's own user, `compute`, whose token
/// (scoped to the `service` project, admin there) sees every image.
struct ImageDownloader: Sendable {
    let client: KumoHTTPClient
    let user: ServiceUserSession
    let region: String

    init(client: KumoHTTPClient, settings: KumoSettings, agent: AgentSettings) {
        self.client = client
        region = agent.region
        user = ServiceUserSession(identity: IdentityClient(client: client)) {
            AuthOptions(
                authURL: agent.identityURL, username: "compute",
                password: try settings.servicePassword(for: "compute", create: false), projectName: "service",
                region: agent.region)
        }
    }

    /// Downloads image `id` to `path`, checked against its checksum on arrival.
    func download(_ id: String, to path: String) async throws {
        let session = try await user.session()
        let images = ImageClient(client: client, endpoint: try session.endpoint(type: "image", region: region), token: session.token)
        do {
            try await images.download(id, to: path)
        } catch let failure as APIFailure where failure.status == 401 {
            await user.invalidate(session.token)
            throw failure
        }
    }
}
