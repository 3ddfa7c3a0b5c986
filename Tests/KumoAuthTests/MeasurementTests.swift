import Foundation
import KumoAuth
import Testing

/// Prints costs for the record; asserts only that the measurements run (no timing asserts).
@Suite("Measurements")
struct MeasurementTests {
    @Test("token verification cost is measurable")
    func verifyCost() throws {
        let result = try TokenVerifierBenchmark.run(iterations: 2000)
        print(
            "token verify: \(result.uncachedMicroseconds) µs uncached, \(result.cachedMicroseconds) µs cached,",
            "\(result.signatureMicroseconds) µs for the bare Ed25519 check"
        )
        #expect(result.uncachedMicroseconds > 0)
        #expect(result.cachedMicroseconds > 0)
    }

    @Test("default password hash cost is measurable", .enabled(if: ProcessInfo.processInfo.environment["KUMO_MEASURE_HASH"] != nil))
    func hashCost() throws {
        let hasher = PasswordHasher()
        let stored = try hasher.hash("warm-up")
        let clock = ContinuousClock()
        let rounds = 5
        let elapsed = clock.measure {
            for _ in 0..<rounds { _ = hasher.verify("password", against: stored) }
        }
        print("password hash at default cost: \(elapsed / rounds)")
    }
}
