import GRDB

/// One numbered schema step of a service's database; numbers start at 1 and never change once released.
public struct Migration: Sendable {
    public let number: Int
    public let name: String
    let apply: @Sendable (Database) throws -> Void

    public init(_ number: Int, _ name: String, _ apply: @escaping @Sendable (Database) throws -> Void) {
        self.number = number
        self.name = name
        self.apply = apply
    }

    /// The identifier GRDB records in `grdb_migrations`: `0001-create-services`.
    var identifier: String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + name
    }
}
