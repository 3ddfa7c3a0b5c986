/// The devices to write to or read from when a partition's primaries are unavailable, lazily and
/// best first: first devices in regions no primary (nor earlier handoff) is in, then in such
/// zones, then on such servers, then every other device with weight. Never a primary, never the
/// same device twice. The order within each step is shuffled with the partition number as seed,
/// so every proxy picks the same handoffs for a partition while handoff load spreads evenly.
public struct HandoffNodes: Sequence, Sendable {
    let ring: Ring
    let partition: Int

    public func makeIterator() -> Iterator {
        Iterator(ring: ring, partition: partition)
    }

    public struct Iterator: IteratorProtocol {
        private let ring: Ring
        private let partition: Int
        /// Device indices in seeded order, drawn on the first `next()`.
        private var candidates: [Int] = []
        private var used: [Bool] = []
        private var regions: Set<Int> = []
        private var zones: Set<Int> = []
        private var servers: Set<Int> = []
        private var step = -1
        private var position = 0

        init(ring: Ring, partition: Int) {
            self.ring = ring
            self.partition = partition
        }

        public mutating func next() -> RingDevice? {
            if step < 0 { start() }
            while step < 4 {
                while position < candidates.count {
                    let index = candidates[position]
                    position += 1
                    if !used[position - 1], qualifies(index) {
                        used[position - 1] = true
                        claim(index)
                        return ring.devices[index]
                    }
                }
                step += 1
                position = 0
            }
            return nil
        }

        private mutating func start() {
            step = 0
            let primaries = ring.table.map { Int(ring.indexByID[Int($0[partition])]) }
            for index in primaries { claim(index) }
            let isPrimary = Set(primaries)
            var pool = ring.devices.indices.filter { !isPrimary.contains($0) && ring.devices[$0].weight > 0 }
            var generator = SplitMix64(seed: UInt64(partition) &* 0x2545_F491_4F6C_DD1D ^ 0x6B75_6D6F_7269_6E67)
            var index = pool.count - 1
            while index > 0 {
                pool.swapAt(index, generator.below(index + 1))
                index -= 1
            }
            candidates = pool
            used = [Bool](repeating: false, count: pool.count)
        }

        private func qualifies(_ index: Int) -> Bool {
            switch step {
            case 0: !regions.contains(ring.devices[index].region)
            case 1: !zones.contains(ring.zoneIndex[index])
            case 2: !servers.contains(ring.serverIndex[index])
            default: true
            }
        }

        private mutating func claim(_ index: Int) {
            regions.insert(ring.devices[index].region)
            zones.insert(ring.zoneIndex[index])
            servers.insert(ring.serverIndex[index])
        }
    }
}
