/// Counts from one pass of an `ObjectAuditor`.
public struct AuditReport: Sendable, Equatable {
    /// Objects whose `.data` was read to the end or found unreadable.
    public var checked = 0
    /// Objects quarantined.
    public var quarantined = 0
    /// Objects or directories skipped after an I/O error.
    public var errors = 0
    /// Bytes of content read.
    public var bytes = 0

    public init() {}
}

/// Audits every object of a device (see `ObjectDevice.audit`), reading at most `bytesPerSecond`
/// on average so it does not starve client requests. The file reads block: run it on a task that
/// may block a thread, and cancel the task to stop it.
public struct ObjectAuditor<C: Clock>: Sendable where C.Duration == Duration {
    public let device: ObjectDevice
    /// `nil` for no limit.
    public let bytesPerSecond: Int?
    public let clock: C

    public init(device: ObjectDevice, bytesPerSecond: Int?, clock: C) {
        self.device = device
        self.bytesPerSecond = bytesPerSecond
        self.clock = clock
    }

    /// One pass over every object. Throws only `CancellationError`.
    public func run() async throws -> AuditReport {
        var report = AuditReport()
        let start = clock.now
        for partition in list(&report, { () throws(ObjectDiskError) in try device.partitions() }) {
            for suffix in list(&report, { () throws(ObjectDiskError) in try device.suffixes(partition: partition) }) {
                let hashes = list(&report) { () throws(ObjectDiskError) in
                    try device.hashes(partition: partition, suffix: suffix)
                }
                for hash in hashes {
                    try await audit(partition: partition, hash: hash, since: start, into: &report)
                }
            }
        }
        return report
    }

    private func audit(partition: Int, hash: String, since start: C.Instant, into report: inout AuditReport)
        async throws
    {
        try Task.checkCancellation()
        do {
            guard let audit = try DataFileAudit(device: device, partition: partition, hash: hash) else { return }
            while case let count = try audit.step(), count > 0 {
                report.bytes += count
                if let bytesPerSecond, bytesPerSecond > 0 {
                    let due = start.advanced(by: .seconds(Double(report.bytes) / Double(bytesPerSecond)))
                    if clock.now < due { try await clock.sleep(until: due, tolerance: nil) }
                }
            }
            report.checked += 1
            if case .quarantined = try audit.conclude() { report.quarantined += 1 }
        } catch is ObjectDiskError {
            report.errors += 1
        }
    }

    /// The listing, or none after counting an error.
    private func list<Element>(
        _ report: inout AuditReport, _ listing: () throws(ObjectDiskError) -> [Element]
    ) -> [Element] {
        do {
            return try listing()
        } catch {
            report.errors += 1
            return []
        }
    }
}

extension ObjectAuditor where C == ContinuousClock {
    public init(device: ObjectDevice, bytesPerSecond: Int?) {
        self.init(device: device, bytesPerSecond: bytesPerSecond, clock: ContinuousClock())
    }
}
