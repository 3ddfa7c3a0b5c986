import AsyncHTTPClient
import Foundation
import KumoRing
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// The proxy's access to storage nodes: one request to one device, and a request to every replica
/// answered by a quorum. Devices that failed are avoided for a while (error limiting), so a dead
/// node costs one timeout, not one per request.
final class Backends: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount
    let logger: Logger
    /// Failures by server (`ip:port`) with the time of the last one.
    private let failures = Mutex<[String: (count: Int, last: ContinuousClock.Instant)]>([:])
    static let errorLimit = 3
    static let errorSuppression: Duration = .seconds(30)
    /// Handoffs tried for one request at most.
    static let maxHandoffs = 8

    init(client: HTTPClient, timeout: TimeAmount, logger: Logger) {
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// A response from a storage node, its body read (small requests only).
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    static func url(_ device: RingDevice, partition: Int, path: ObjectPath, query: String? = nil) -> String {
        var url = "http://\(device.server)/\(ObjectPath.encode(device.device))/\(partition)\(path.encoded)"
        if let query, !query.isEmpty { url += "?" + query }
        return url
    }

    /// Whether `device`'s server failed often enough lately to be skipped.
    func isLimited(_ device: RingDevice) -> Bool {
        failures.withLock { failures in
            guard let entry = failures[device.server] else { return false }
            if ContinuousClock.now - entry.last > Self.errorSuppression {
                failures[device.server] = nil
                return false
            }
            return entry.count >= Self.errorLimit
        }
    }

    func recordFailure(_ device: RingDevice, _ error: any Error) {
        logger.debug("storage node failed", metadata: ["server": "\(device.server)", "error": "\(error)"])
        failures.withLock { failures in
            let count = (failures[device.server]?.count ?? 0) + 1
            failures[device.server] = (count, .now)
        }
    }

    /// Primaries first (limited ones last), then handoffs: the order to try devices in.
    func candidates(_ ring: Ring, partition: Int, handoffs: Int) -> [RingDevice] {
        let primaries = ring.primaryNodes(partition: partition)
        let ordered = primaries.filter { !isLimited($0) } + primaries.filter { isLimited($0) }
        return ordered + ring.handoffNodes(partition: partition).prefix(handoffs).filter { !isLimited($0) }
    }

    /// Sends one bodiless request; nil when the node could not be reached.
    func send(
        _ method: HTTPMethod, to device: RingDevice, partition: Int, path: ObjectPath, headers: HTTPHeaders,
        query: String? = nil
    ) async -> Answer? {
        var request = HTTPClientRequest(url: Self.url(device, partition: partition, path: path, query: query))
        request.method = method
        request.headers = headers
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 8 << 20)
            return Answer(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            recordFailure(device, error)
            return nil
        }
    }

    /// Sends the same request to each primary (a handoff standing in for an unreachable one) and
    /// returns every answer.
    func sendToReplicas(
        _ method: HTTPMethod, ring: Ring, partition: Int, path: ObjectPath, headers: HTTPHeaders,
        headersFor: @escaping @Sendable (Int) -> HTTPHeaders = { _ in [:] }
    ) async -> [Answer] {
        let primaries = ring.primaryNodes(partition: partition)
        let handoffs = HandoffQueue(ring.handoffNodes(partition: partition).prefix(Self.maxHandoffs))
        return await withTaskGroup(of: Answer?.self) { group in
            for (slot, primary) in primaries.enumerated() {
                group.addTask {
                    var headers = headers
                    headers.add(contentsOf: headersFor(slot))
                    var device: RingDevice? = primary
                    while let target = device {
                        if !self.isLimited(target),
                            let answer = await self.send(method, to: target, partition: partition, path: path, headers: headers),
                            answer.status < 500
                        {
                            return answer
                        }
                        device = handoffs.next()
                    }
                    return nil
                }
            }
            var answers: [Answer] = []
            for await answer in group { if let answer { answers.append(answer) } }
            return answers
        }
    }

    /// The status most replicas agree on when at least a quorum of them answered it, else 503.
    static func quorumStatus(_ answers: [Answer], replicas: Int) -> Int {
        let quorum = replicas / 2 + 1
        var counts: [Int: Int] = [:]
        for answer in answers { counts[answer.status / 100 == 2 ? 200 : answer.status, default: 0] += 1 }
        if let (status, count) = counts.max(by: { $0.value < $1.value }), count >= quorum {
            return status == 200 ? (answers.first { $0.status / 100 == 2 }?.status ?? 200) : status
        }
        return 503
    }
}
