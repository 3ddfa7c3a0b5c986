/// One resource of a host (vCPUs, MiB of RAM or GiB of disk) as placement counts it.
///
/// Guests may claim `capacity = (total - reserved) × allocationRatio`, rounded down.
public struct Inventory: Sendable, Equatable {
    public let total: Int
    public let reserved: Int
    public let allocationRatio: Double
    public let capacity: Int
    /// What allocations hold.
    public var used: Int

    public init(total: Int, reserved: Int = 0, allocationRatio: Double, used: Int = 0) {
        self.total = total
        self.reserved = reserved
        self.allocationRatio = allocationRatio
        self.capacity = Int((Double(total - reserved) * allocationRatio).rounded(.down))
        self.used = used
    }

    /// What guests may still claim (negative when over-claimed after a ratio was lowered).
    @inline(__always) public var free: Int { capacity - used }

    /// "2048 MiB of 3584 MiB usable free (ratio 1.5, 512 MiB reserved)".
    func describe(unit: String) -> String {
        let reservation = reserved > 0 ? ", \(reserved) \(unit) reserved" : ""
        return "\(free) \(unit) of \(capacity) \(unit) usable free (ratio \(allocationRatio.compact)\(reservation))"
    }
}

extension Double {
    /// 1.5 → "1.5", 16.0 → "16".
    var compact: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
