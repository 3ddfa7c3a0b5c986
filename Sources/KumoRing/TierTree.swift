/// The devices taking part in a rebalance arranged as regions → zones → servers → devices, with
/// how many partition-replicas each node should hold and how many replicas of one partition it
/// may hold.
///
/// Targets: every device's weight share (replicas per partition, at most 1) is found by water
/// filling. Going down the tree, each node's share is split between its children by weight, or,
/// as far as `overload` allows a child to exceed its weight share, as evenly as dispersion wants
/// (no child holding more replicas of a partition than needed). The shares are then rounded to
/// whole partition-replicas top-down, so every node's target is the sum of its children's.
///
/// Caps: a node whose target is t may hold up to ceil(t / partitions) replicas of any one
/// partition, so replicas spread over as many regions, zones, servers and devices as the targets
/// allow; a device with a target holds at most one.
struct TierTree {
    /// Region, zone, server, device.
    static let levels = 4

    let partitions: Int
    let deviceCount: Int
    /// `path[device * levels + level]`: the device's node at `level` (at level 3, the device).
    let path: [Int32]
    let regions: [Int32]
    /// `children[level][node]`: the node's children at `level + 1`, for levels 0...2.
    let children: [[[Int32]]]
    /// `target[level][node]`: partition-replicas the node should hold.
    let target: [[Int]]
    /// `cap[level][node]`: replicas of one partition the node may hold.
    let cap: [[Int]]
    /// Each device's share by weight alone, in replicas per partition (what balance is measured against).
    let weightShare: [Double]

    /// `devices` are the builder's active devices in id order (index = dense device index).
    init(devices: [RingDevice], replicas: Int, partitions: Int, overload: Double) {
        self.partitions = partitions
        deviceCount = devices.count
        let levels = Self.levels

        var path = [Int32](repeating: 0, count: devices.count * levels)
        var regions: [Int32] = []
        var children: [[[Int32]]] = [[], [], []]
        var regionIndex: [Int: Int32] = [:]
        var zoneIndex: [[Int]: Int32] = [:]
        var serverIndex: [String: Int32] = [:]
        for (index, device) in devices.enumerated() {
            let region = regionIndex[device.region] ?? {
                let node = Int32(children[0].count)
                regionIndex[device.region] = node
                regions.append(node)
                children[0].append([])
                return node
            }()
            let zoneKey = [device.region, device.zone]
            let zone = zoneIndex[zoneKey] ?? {
                let node = Int32(children[1].count)
                zoneIndex[zoneKey] = node
                children[0][Int(region)].append(node)
                children[1].append([])
                return node
            }()
            let serverKey = "\(device.region)/\(device.zone)/\(device.ip):\(device.port)"
            let server = serverIndex[serverKey] ?? {
                let node = Int32(children[2].count)
                serverIndex[serverKey] = node
                children[1][Int(zone)].append(node)
                children[2].append([])
                return node
            }()
            children[2][Int(server)].append(Int32(index))
            path[index * levels] = region
            path[index * levels + 1] = zone
            path[index * levels + 2] = server
            path[index * levels + 3] = Int32(index)
        }
        let nodeCounts = [children[0].count, children[1].count, children[2].count, devices.count]

        // Weight shares, each device holding at most one replica of a partition.
        let weights = devices.map { $0.weight > 0 ? $0.weight : 0 }
        let weightShare = Self.waterFill(
            total: Double(replicas), weights: weights, bounds: weights.map { $0 > 0 ? 1 : 0 })

        // Per node: weight share and how many replicas of one partition it could hold at all.
        var nodeWeight = nodeCounts.map { [Double](repeating: 0, count: $0) }
        var nodeRoom = nodeCounts.map { [Double](repeating: 0, count: $0) }
        for device in 0..<devices.count {
            for level in 0..<levels {
                let node = Int(path[device * levels + level])
                nodeWeight[level][node] += weightShare[device]
                nodeRoom[level][node] += weights[device] > 0 ? 1 : 0
            }
        }

        // Final shares, top-down.
        var share = nodeCounts.map { [Double](repeating: 0, count: $0) }
        func split(_ total: Double, among nodes: [Int32], level: Int) {
            let parts = Self.split(
                total, weights: nodes.map { nodeWeight[level][Int($0)] },
                room: nodes.map { nodeRoom[level][Int($0)] }, overload: overload)
            for (node, part) in zip(nodes, parts) { share[level][Int(node)] = part }
        }
        split(Double(replicas), among: regions, level: 0)
        for level in 0..<3 {
            for (node, nodeChildren) in children[level].enumerated() {
                split(share[level][node], among: nodeChildren, level: level + 1)
            }
        }

        // Whole partition-replicas, top-down.
        var target = nodeCounts.map { [Int](repeating: 0, count: $0) }
        func apportion(_ total: Int, among nodes: [Int32], level: Int) {
            let parts = Self.apportion(
                total, exact: nodes.map { share[level][Int($0)] * Double(partitions) },
                capacity: nodes.map { Int(nodeRoom[level][Int($0)]) * partitions })
            for (node, part) in zip(nodes, parts) { target[level][Int(node)] = part }
        }
        apportion(replicas * partitions, among: regions, level: 0)
        for level in 0..<3 {
            for (node, nodeChildren) in children[level].enumerated() {
                apportion(target[level][node], among: nodeChildren, level: level + 1)
            }
        }

        self.path = path
        self.regions = regions
        self.children = children
        self.target = target
        cap = target.map { level in level.map { ($0 + partitions - 1) / partitions } }
        self.weightShare = weightShare
    }

    /// Splits `total` between children in proportion to `weights`, none above its `bounds`
    /// (whose sum is at least `total`).
    static func waterFill(total: Double, weights: [Double], bounds: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: weights.count)
        var fixed = weights.map { $0 <= 0 }
        var remaining = total
        while true {
            let free = weights.indices.filter { !fixed[$0] }
            let sum = free.reduce(0) { $0 + weights[$1] }
            guard sum > 0 else { return result }
            let over = free.filter { remaining * weights[$0] / sum > bounds[$0] }
            guard !over.isEmpty else {
                for index in free { result[index] = remaining * weights[index] / sum }
                return result
            }
            for index in over {
                result[index] = bounds[index]
                fixed[index] = true
                remaining -= bounds[index]
            }
        }
    }

    /// One node's share split between its children: by weight, except that a child whose
    /// even-dispersion share is larger may take up to `overload` × its weight share more, taken
    /// from the children dispersion wants to hold less.
    static func split(_ total: Double, weights: [Double], room: [Double], overload: Double) -> [Double] {
        let byWeight = waterFill(total: total, weights: weights, bounds: room)
        guard overload > 0 else { return byWeight }
        // The fewest replicas of one partition per child that still places `total` of them.
        let most = room.max() ?? 0
        var perChild = 1.0
        while perChild < most, room.reduce(0, { $0 + min($1, perChild) }) < total - 1e-9 { perChild += 1 }
        let dispersed = waterFill(total: total, weights: weights, bounds: room.map { min($0, perChild) })
        var result = byWeight
        var raised = 0.0
        var lowerable = 0.0
        for index in weights.indices {
            if dispersed[index] > byWeight[index] {
                result[index] = min(dispersed[index], byWeight[index] * (1 + overload))
                raised += result[index] - byWeight[index]
            } else {
                lowerable += byWeight[index] - dispersed[index]
            }
        }
        guard raised > 0, lowerable > 0 else { return byWeight }
        for index in weights.indices where dispersed[index] < byWeight[index] {
            result[index] -= raised * (byWeight[index] - dispersed[index]) / lowerable
        }
        return result
    }

    /// Whole numbers summing to `total`, each the floor or ceiling of its (rescaled) exact share
    /// and within its capacity; largest remainders round up first, ties by position.
    static func apportion(_ total: Int, exact: [Double], capacity: [Int]) -> [Int] {
        let sum = exact.reduce(0, +)
        guard sum > 0 else { return [Int](repeating: 0, count: exact.count) }
        let scaled = exact.map { $0 * Double(total) / sum }
        var result = scaled.indices.map { min(Int(max(0, scaled[$0]) + 1e-6), capacity[$0]) }
        var remaining = total - result.reduce(0, +)
        let order = scaled.indices.sorted { a, b in
            let left = scaled[a] - Double(result[a])
            let right = scaled[b] - Double(result[b])
            return left != right ? left > right : a < b
        }
        while remaining > 0 {
            var progressed = false
            for index in order where remaining > 0 && result[index] < capacity[index] {
                result[index] += 1
                remaining -= 1
                progressed = true
            }
            if !progressed { break }
        }
        return result
    }
}
