/// scrypt's cost parameters: `N = 2^logN` iterations, block size `r`, parallelism `p`.
/// Memory is about `128 × N × r` bytes per hash.
public struct ScryptCost: Sendable, Hashable {
    public var logN: Int
    public var blockSize: Int
    public var parallelism: Int

    public init(logN: Int, blockSize: Int = 8, parallelism: Int = 1) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// The production cost: N = 2^15, r = 8, p = 1 (32 MiB per hash). On the 2-core development VM
    /// an optimised scrypt (OpenSSL's, the same algorithm as BoringSSL's) takes about 95 ms at this
    /// cost (2^14: 37 ms); a debug build, whose BoringSSL is unoptimised, about 390 ms.
    public static let `default` = ScryptCost(logN: 15)

    /// A cheap cost for tests (N = 2^4): never use it for real passwords.
    public static let testing = ScryptCost(logN: 4)

    /// The largest memory a hash may use, so a corrupt or hostile stored hash cannot exhaust memory.
    public static let maxMemory = 256 << 20

    /// Whether these parameters are sane and within `maxMemory` (also checked for stored hashes).
    public var isSupported: Bool {
        guard (1...24).contains(logN), (1...16).contains(blockSize), (1...16).contains(parallelism) else {
            return false
        }
        return 128 << logN * blockSize <= Self.maxMemory
    }
}
