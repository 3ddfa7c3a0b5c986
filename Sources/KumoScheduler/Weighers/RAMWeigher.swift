/// Free RAM: `spread` puts the instance on the host with the most, `stack` on the one with the least that fits.
struct RAMWeigher: HostWeigher {
    let multiplier: Double

    init(_ weigher: SchedulerSettings.Weigher) {
        multiplier = weigher == .spread ? 1 : -1
    }

    func weight(_ host: UnsafePointer<ResourceProvider>) -> Double { Double(host.pointee.memoryMB.free) }
}
