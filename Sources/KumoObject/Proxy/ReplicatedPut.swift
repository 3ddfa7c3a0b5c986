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
        let handoffs = HandoffQueue(
            ring.handoffNodes(partition: partition).prefix(Backends.maxHandoffs).filter { !backends.isLimited($0) })
        return await withTaskGroup(of: (Int, Outcome).self) { group in
            for (slot, primary) in primaries.enumerated() {
                group.addTask {
                    var target: RingDevice? = backends.isLimited(primary) ? handoffs.next() : primary
                    while let device = target {
                        var request = HTTPClientRequest(url: Backends.url(device, partition: partition, path: path))
                        request.method = .PUT
                        request.headers = headers
                        request.headers.add(contentsOf: headersFor(slot))
                        request.body = .bytes(body)
                        do {
                            let response = try await backends.client.execute(request, timeout: backends.timeout)
                            _ = try await response.body.collect(upTo: 1 << 16)
                            return (slot, Outcome(status: Int(response.status.code), etag: response.headers.first(name: "ETag")))
                        } catch {
                            backends.recordFailure(device, error)
                            target = handoffs.next()
                        }
                    }
                    return (slot, Outcome())
                }
            }
            var outcomes = primaries.map { _ in Outcome() }
            for await (slot, outcome) in group { outcomes[slot] = outcome }
            return outcomes
        }
    }

    func run(
        body: some AsyncSequence<ByteBuffer, any Error> & Sendable, headers: HTTPHeaders,
        headersFor: @escaping @Sendable (Int) -> HTTPHeaders
    ) async throws -> [Outcome] {
        let primaries = ring.primaryNodes(partition: partition)
        let handoffs = HandoffQueue(
            ring.handoffNodes(partition: partition).prefix(Backends.maxHandoffs).filter { !backends.isLimited($0) })
        let channels = primaries.map { _ in AsyncChannel<ByteBuffer>() }
        return try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for (slot, primary) in primaries.enumerated() {
                let channel = channels[slot]
                group.addTask {
                    defer { channel.finish() }
                    var target: RingDevice? = backends.isLimited(primary) ? handoffs.next() : primary
                    while let device = target {
                        let started = Started()
                        var request = HTTPClientRequest(url: Backends.url(device, partition: partition, path: path))
                        request.method = .PUT
                        request.headers = headers
                        request.headers.add(contentsOf: headersFor(slot))
                        request.body = .stream(
                            StartedSequence(base: channel, started: started),
                            length: length.map { .known(Int64($0)) } ?? .unknown)
                        do {
                            let response = try await backends.client.execute(request, timeout: backends.timeout)
                            _ = try await response.body.collect(upTo: 1 << 16)
                            return (slot, Outcome(status: Int(response.status.code), etag: response.headers.first(name: "ETag")))
                        } catch {
                            backends.recordFailure(device, error)
                            // Only a node that took nothing can be replaced: the bytes it took are gone.
                            guard !started.value else { return (slot, Outcome()) }
                            target = handoffs.next()
                        }
                    }
                    return (slot, Outcome())
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
