import KumoBus
import KumoScheduler
import Logging

/// compute-api's shared state: settings, the compute and placement databases, the bus and the image service.
struct ComputeService: Sendable {
    let settings: ComputeSettings
    let store: ComputeStore
    let placement: PlacementStore
    let bus: Bus
    let images: ImageLookup
    let logger: Logger

    var links: Links { Links(base: settings.publicURL) }
}
