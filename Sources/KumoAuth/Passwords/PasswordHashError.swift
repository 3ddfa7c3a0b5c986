/// Why a password could not be hashed. Configuration problems only: not shown to users.
public enum PasswordHashError: Error, Equatable, Sendable {
    /// The configured cost is out of the supported range.
    case unsupportedCost(ScryptCost)
    /// scrypt itself failed (e.g. could not allocate its memory).
    case derivationFailed
}
