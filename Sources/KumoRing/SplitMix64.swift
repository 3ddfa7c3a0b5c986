/// A small, fast, platform-independent PRNG (SplitMix64), so seeded choices are the same on every
/// machine and every Swift version.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (bound > 0); the modulo bias is negligible for the small bounds used here.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// 0..<count in a seeded random order (Fisher–Yates).
    mutating func permutation(_ count: Int) -> [Int32] {
        var order = (0..<Int32(count)).map { $0 }
        var index = count - 1
        while index > 0 {
            order.swapAt(index, below(index + 1))
            index -= 1
        }
        return order
    }
}
