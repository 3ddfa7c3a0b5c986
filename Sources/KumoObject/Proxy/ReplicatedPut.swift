import AsyncAlgorithms
import AsyncHTTPClient
import Foundation
import KumoRing
import NIOCore
import NIOHTTP1
import Synchronization

/// Streams one object body to every replica at once, with backpressure: each chunk of the client's
/// body is handed to every replica's connection before the next is read, so the proxy holds a few
/// chunks whatever the object size.
///
/// A replica whose node cannot be reached before it took any byte is sent to the next handoff
/// instead; one that fails later is dropped. The caller judges the quorum from the answers.
struct ReplicatedPut: Sendable {
    let backends: Backends
    let ring: Ring
    let partition: Int
    let path: ObjectPath
    let length: Int?

    /// One replica's outcome: the node's status, or nil when no node took it.
    struct Outcome: Sendable {
        var status: Int?
        var etag: String?
    }

    /// Sends a body held whole (a small object) to every replica; a node that fails is replaced by
    /// the next handoff, since the bytes can be sent again.
    func run(whole body: ByteBuffer, headers: HTTPHeaders, headersFor: @escaping @Sendable (Int) -> HTTPHeaders) async -> [Outcome] {
        let primaries = ring.primaryNodes(partition: partition)
        let handoffs = handoffQueue()
        return await withTaskGroup(of: (Int, Outcome).self) { group in
            for (slot, primary) in primaries.enumerated() {
                group.addTask {
                    let outcome = await replica(primary, handoffs: handoffs, headers: headers, slotHeaders: headersFor(slot)) { _ in
                        .bytes(body)
                    }
                    return (slot, outcome)
                }
            }
            var outcomes = primaries.map { _ in Outcome() }
            for await (slot, outcome) in group { outcomes[slot] = outcome }
            return outcomes
        }
    }

    /// Streams a body of any size to every replica at once.
    func run(
        body: some AsyncSequence<ByteBuffer, any Error> & Sendable, headers: HTTPHeaders,
        headersFor: @escaping @Sendable (Int) -> HTTPHeaders
    ) async throws -> [Outcome] {
        let primaries = ring.primaryNodes(partition: partition)
        let handoffs = handoffQueue()
        let channels = primaries.map { _ in AsyncChannel<ByteBuffer>() }
        return try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for (slot, primary) in primaries.enumerated() {
                let channel = channels[slot]
                group.addTask {
                    defer { channel.finish() }
                    let outcome = await replica(primary, handoffs: handoffs, headers: headers, slotHeaders: headersFor(slot)) {
                        started in
                        .stream(StartedSequence(base: channel, started: started), length: length.map { .known(Int64($0)) } ?? .unknown)
                    }
                    return (slot, outcome)
                }
            }
            do {
                for try await chunk in body {
                    for channel in channels { await channel.send(chunk) }
                }
            } catch {
                for channel in channels { channel.finish() }
                group.cancelAll()
                throw error
            }
            for channel in channels { channel.finish() }
            var outcomes = primaries.map { _ in Outcome() }
            for try await (slot, outcome) in group { outcomes[slot] = outcome }
            return outcomes
        }
    }

    /// The handoffs not error-limited, shared by the replicas of this PUT.
    private func handoffQueue() -> HandoffQueue {
        HandoffQueue(ring.handoffNodes(partition: partition).prefix(Backends.maxHandoffs).filter { !backends.isLimited($0) })
    }

    /// One replica's PUT: to its primary (a handoff when the primary is error-limited), then to the
    /// next handoff after a failure, unless the failed node already took bytes of a streamed body
    /// (those bytes are gone).
    private func replica(
        _ primary: RingDevice, handoffs: HandoffQueue, headers: HTTPHeaders, slotHeaders: HTTPHeaders,
        body: (Started) -> HTTPClientRequest.Body
    ) async -> Outcome {
        var target: RingDevice? = backends.isLimited(primary) ? handoffs.next() : primary
        while let device = target {
            let started = Started()
            var request = HTTPClientRequest(url: Backends.url(device, partition: partition, path: path))
            request.method = .PUT
            request.headers = headers
            request.headers.add(contentsOf: slotHeaders)
            request.body = body(started)
            do {
                let response = try await backends.client.execute(request, timeout: backends.timeout)
                _ = try await response.body.collect(upTo: 1 << 16)
                return Outcome(status: Int(response.status.code), etag: response.headers.first(name: "ETag"))
            } catch {
                backends.recordFailure(device, error)
                guard !started.value else { return Outcome() }
                target = handoffs.next()
            }
        }
        return Outcome()
    }
}

/// Whether a replica's connection took its first chunk.
final class Started: Sendable {
    private let flag = Atomic<Bool>(false)
    var value: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}

/// A channel's chunks, noting when the first one is taken.
struct StartedSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: AsyncChannel<ByteBuffer>
    let started: Started

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncChannel<ByteBuffer>.AsyncIterator
        let started: Started

        mutating func next() async -> ByteBuffer? {
            let chunk = await base.next()
            if chunk != nil { started.set() }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), started: started) }
}
