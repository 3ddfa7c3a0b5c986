/// One rebalance of a partition table over a `TierTree`.
///
/// 1. Replicas on devices that left or have no target (weight 0) are unassigned; they must move.
/// 2. Unassigned replicas are placed: walking down the tree, each step takes the child that may
///    still hold a replica of the partition (its cap) and most wants partition-replicas, ties
///    broken by a seeded hash so that the same devices are not paired again and again.
/// 3. Repeatedly, until nothing improves: a replica whose placement breaks a cap moves where it
///    breaks fewer, and replicas on devices above target move straight to devices below target
///    where no cap breaks.
///
/// Every move strictly improves dispersion or balance, so a second rebalance with nothing changed
/// moves nothing. A replica that held data (had a device before) moves only if its partition has
/// moved no replica within `minPartHours`, and then only that one; forced moves always happen
/// and count as the partition's move. Partitions are visited in an order drawn from the seed.
struct Rebalancer {
    let tree: TierTree
    let partitions: Int
    let replicas: Int
    /// `assignment[partition * replicas + replica]`: the device, or -1 when unassigned.
    private(set) var assignment: [Int32]
    /// The device each slot had before: -1 none, -2 one that no longer takes part.
    private let original: [Int32]
    private(set) var lastMoved: [UInt32]
    private let now: UInt32
    private let window: Int64
    private let order: [Int32]
    private let seed: UInt64
    private var count: [[Int]]
    /// Per node: the sum over its devices of how many partition-replicas each still wants.
    private var wanted: [[Int]]
    /// Partition-replicas held beyond target, over all devices.
    private var excess = 0

    init(
        tree: TierTree, replicas: Int, original: [Int32], lastMoved: [UInt32], now: UInt32,
        minPartHours: Int, seed: UInt64
    ) {
        self.tree = tree
        partitions = tree.partitions
        self.replicas = replicas
        self.original = original
        self.lastMoved = lastMoved
        self.now = now
        window = Int64(minPartHours) * 3600
        self.seed = seed
        var generator = SplitMix64(seed: seed)
        order = generator.permutation(tree.partitions)
        count = tree.target.map { [Int](repeating: 0, count: $0.count) }
        wanted = tree.target
        assignment = [Int32](repeating: -1, count: original.count)
        for slot in original.indices {
            let device = original[slot]
            if device >= 0, tree.target[3][Int(device)] > 0 { place(slot, on: device) }
        }
    }

    /// Places, then improves until nothing changes (or a generous number of rounds).
    mutating func run() {
        placeUnassigned()
        for _ in 0..<16 {
            let fixed = improveDispersion()
            let balanced = improveBalance()
            if fixed + balanced == 0 { break }
        }
        for partition in 0..<partitions where hasMovedData(partition) {
            lastMoved[partition] = now
        }
    }

    /// Replicas that had a device before and are now elsewhere.
    var moved: Int {
        original.indices.reduce(0) { $0 + (hasMoved($1) ? 1 : 0) }
    }

    /// Replicas placed that had no device before.
    var placed: Int { original.reduce(0) { $0 + ($1 == -1 ? 1 : 0) } }

    /// The largest deviation of a device's partition-replicas from its weight share, in percent.
    var balance: Double {
        var worst = 0.0
        for device in 0..<tree.deviceCount where tree.weightShare[device] > 0 {
            let expected = tree.weightShare[device] * Double(partitions)
            worst = max(worst, abs(Double(count[3][device]) - expected) * 100 / expected)
        }
        return worst
    }

    /// Percentage of partitions with more replicas in some region, zone, server or device than its cap.
    var dispersion: Double {
        var spread = 0
        for partition in 0..<partitions {
            let isOver = (0..<replicas).contains { replica in
                capsBroken(partition, device: assignment[partition * replicas + replica], excluding: replica) > 0
            }
            if isOver { spread += 1 }
        }
        return Double(spread) * 100 / Double(partitions)
    }

    // MARK: Phases

    private mutating func placeUnassigned() {
        for partition in order.lazy.map(Int.init) {
            for replica in 0..<replicas where assignment[partition * replicas + replica] < 0 {
                let device = choose(partition, excluding: replica, strict: false) ?? fallback(partition, excluding: replica)
                place(partition * replicas + replica, on: device)
            }
        }
    }

    /// Moves replicas that break caps to where they break fewer; returns how many moved.
    private mutating func improveDispersion() -> Int {
        var moves = 0
        for partition in order.lazy.map(Int.init) {
            for _ in 0..<replicas {
                var worst = -1
                var worstBroken = 0
                for replica in 0..<replicas where mayMove(partition, replica) {
                    let broken = capsBroken(partition, device: assignment[partition * replicas + replica], excluding: replica)
                    if broken > worstBroken {
                        worst = replica
                        worstBroken = broken
                    }
                }
                guard worst >= 0 else { break }
                let slot = partition * replicas + worst
                let from = assignment[slot]
                unplace(slot)
                let to = choose(partition, excluding: worst, strict: false) ?? fallback(partition, excluding: worst)
                guard capsBroken(partition, device: to, excluding: worst) < worstBroken else {
                    place(slot, on: from)
                    break
                }
                place(slot, on: to)
                moves += 1
            }
        }
        return moves
    }

    /// Moves replicas from devices above target to devices below it wherever no cap breaks;
    /// returns how many moved.
    private mutating func improveBalance() -> Int {
        var moves = 0
        for partition in order.lazy.map(Int.init) {
            guard excess > 0 else { break }
            for replica in 0..<replicas {
                let slot = partition * replicas + replica
                let from = Int(assignment[slot])
                guard count[3][from] > tree.target[3][from], mayMove(partition, replica),
                    let to = choose(partition, excluding: replica, strict: true)
                else { continue }
                unplace(slot)
                place(slot, on: to)
                moves += 1
            }
        }
        return moves
    }

    // MARK: Choosing devices

    /// Walks down the tree taking, at each level, the child that may hold another replica of the
    /// partition and whose devices without the partition most want partition-replicas. `strict`
    /// accepts only children within their caps that want more; otherwise the least-over child is
    /// taken when none is within.
    private func choose(_ partition: Int, excluding replica: Int, strict: Bool) -> Int32? {
        var candidates = tree.regions
        for level in 0..<TierTree.levels {
            var best: Int32 = -1
            var bestKey = (0, 0, 0, 0, 0)
            for node in candidates {
                let index = Int(node)
                let (held, claimed) = holdingAndClaimed(partition, level: level, node: node, excluding: replica)
                let within = held < tree.cap[level][index]
                let usable = wanted[level][index] - claimed
                if level == 3, held > 0 || tree.target[3][index] == 0 { continue }
                if strict, !within || usable == 0 { continue }
                let key = (
                    within ? 1 : 0, within ? 0 : -held, usable, tree.target[level][index] - count[level][index],
                    tieBreak(partition, level: level, node: node)
                )
                if best < 0 || key > bestKey {
                    best = node
                    bestKey = key
                }
            }
            guard best >= 0 else { return nil }
            if level == 3 { return best }
            candidates = tree.children[level][Int(best)]
        }
        return nil
    }

    /// Any device with a target that lacks the partition, breaking the fewest caps; there always
    /// is one, since at least `replicas` devices have a target.
    private func fallback(_ partition: Int, excluding replica: Int) -> Int32 {
        var best: Int32 = -1
        var bestKey = (0, 0, 0)
        for device in 0..<Int32(tree.deviceCount) {
            let index = Int(device)
            guard tree.target[3][index] > 0, holding(partition, level: 3, node: device, excluding: replica) == 0
            else { continue }
            let key = (
                -capsBroken(partition, device: device, excluding: replica), wanted[3][index],
                tree.target[3][index] - count[3][index]
            )
            if best < 0 || key > bestKey {
                best = device
                bestKey = key
            }
        }
        return best
    }

    /// A seeded pseudo-random rank, so ties don't always go the same way (which would pair the
    /// same devices in many partitions and make later moves harder).
    private func tieBreak(_ partition: Int, level: Int, node: Int32) -> Int {
        var mixer = SplitMix64(seed: seed ^ UInt64(partition) << 24 ^ UInt64(level) << 20 ^ UInt64(node))
        return Int(mixer.next() >> 1)
    }

    // MARK: Bookkeeping

    private func holding(_ partition: Int, level: Int, node: Int32, excluding replica: Int) -> Int {
        holdingAndClaimed(partition, level: level, node: node, excluding: replica).held
    }

    /// How many of the partition's other replicas the node holds, and how much of the node's
    /// `wanted` comes from the devices holding them (which cannot take another).
    private func holdingAndClaimed(_ partition: Int, level: Int, node: Int32, excluding replica: Int)
        -> (held: Int, claimed: Int)
    {
        var held = 0
        var claimed = 0
        let base = partition * replicas
        for other in 0..<replicas where other != replica {
            let device = Int(assignment[base + other])
            if device >= 0, tree.path[device * TierTree.levels + level] == node {
                held += 1
                claimed += max(0, tree.target[3][device] - count[3][device])
            }
        }
        return (held, claimed)
    }

    /// At how many levels the device's node would hold more replicas of the partition than its
    /// cap with this replica there. Moving the replica changes the partition's total excess over
    /// caps by exactly the change in this count, so each dispersion move lowers it and none cycle.
    private func capsBroken(_ partition: Int, device: Int32, excluding replica: Int) -> Int {
        guard device >= 0 else { return 0 }
        var broken = 0
        for level in 0..<TierTree.levels {
            let node = tree.path[Int(device) * TierTree.levels + level]
            if holding(partition, level: level, node: node, excluding: replica) >= tree.cap[level][Int(node)] {
                broken += 1
            }
        }
        return broken
    }

    private func isLocked(_ partition: Int) -> Bool {
        lastMoved[partition] != 0 && Int64(now) - Int64(lastMoved[partition]) < window
    }

    /// Whether moving this replica keeps within `minPartHours`: it holds no data yet, or it is
    /// already the partition's one move (forced or not), or the partition may move and no other
    /// replica of it has moved.
    private func mayMove(_ partition: Int, _ replica: Int) -> Bool {
        let slot = partition * replicas + replica
        guard window > 0, original[slot] != -1, assignment[slot] == original[slot] else { return true }
        return !isLocked(partition)
            && !(0..<replicas).contains { $0 != replica && hasMoved(partition * replicas + $0) }
    }

    private func hasMoved(_ slot: Int) -> Bool {
        original[slot] != -1 && assignment[slot] != original[slot]
    }

    private func hasMovedData(_ partition: Int) -> Bool {
        (0..<replicas).contains { hasMoved(partition * replicas + $0) }
    }

    private mutating func place(_ slot: Int, on device: Int32) {
        assignment[slot] = device
        adjust(device, by: 1)
    }

    private mutating func unplace(_ slot: Int) {
        adjust(assignment[slot], by: -1)
        assignment[slot] = -1
    }

    private mutating func adjust(_ device: Int32, by delta: Int) {
        let index = Int(device)
        let target = tree.target[3][index]
        let before = count[3][index]
        let after = before + delta
        let wantedChange = max(0, target - after) - max(0, target - before)
        excess += max(0, after - target) - max(0, before - target)
        for level in 0..<TierTree.levels {
            let node = Int(tree.path[index * TierTree.levels + level])
            count[level][node] += delta
            wanted[level][node] += wantedChange
        }
    }
}
