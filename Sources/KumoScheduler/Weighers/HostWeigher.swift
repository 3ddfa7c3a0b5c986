/// Ranks the hosts that passed the filters: each weigher's weights are normalized to 0…1 over the
/// candidates, multiplied by its multiplier (negative to prefer low values) and summed; highest wins.
protocol HostWeigher: Sendable {
    var multiplier: Double { get }
    func weight(_ host: UnsafePointer<ResourceProvider>) -> Double
}
