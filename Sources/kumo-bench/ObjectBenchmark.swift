import ArgumentParser
import AsyncHTTPClient
import Foundation
import KumoClient
import KumoTesting
import NIOCore
import NIOHTTP1

/// PUT/GET/DELETE ops/s and MiB/s of the object store, with the servers' CPU per operation, for
/// Kumo (a local cloud it starts) and, when given, the real OpenStack Swift of the anchors, with
/// the same client in the same run.
struct ObjectBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "object", abstract: "Object store throughput.")

    @Option(help: "Swift's v1 auth URL (tempauth), e.g. http://127.0.0.1:8080/auth/v1.0.") var swiftAuthURL: String?
    @Option var swiftUser = "test:tester"
    @Option var swiftKey = "testing"
    @Option(help: "Directory of Swift's pid files (its servers' CPU is measured).") var swiftPidDirectory: String?
    @Option(
        name: .customLong("huge-mib"),
        help: "Size in MiB of one more object streamed through the proxy to show its memory stays flat (0: skip).")
    var hugeMiB = 1024

    struct Workload {
        var size: Int
        var count: Int
        var concurrency: Int
    }

    static let workloads = [Workload(size: 4096, count: 2000, concurrency: 16), Workload(size: 16 << 20, count: 40, concurrency: 4)]

    func run() async throws {
        let cloud = try await LocalCloud.start(
            basePort: 15800,
            settings: ["KUMO_LOG_LEVEL": "error", "KUMO_OBJECT_REPLICATION_INTERVAL_SECONDS": "3600", "KUMO_OBJECT_AUDIT_BYTES_PER_SECOND": "0"])
        defer { cloud.shutdown() }
        try await KumoHTTPClient.with { http in
            let session = try await IdentityClient(client: http).authenticate(cloud.admin)
            let account = try session.endpoint(type: "object-store")
            let pids = Array(cloud.processIDs.filter { $0.key != "identity" }.values)
            var rows: [[String]] = []
            for workload in Self.workloads {
                rows += try await measure("Kumo", http: http, account: account, token: session.token, workload: workload, pids: pids)
            }
            if let swiftAuthURL {
                let auth = try await http.send(
                    .GET, swiftAuthURL, headers: [("X-Auth-User", swiftUser), ("X-Auth-Key", swiftKey)])
                let storage = try requireHeader(auth.headers.first(name: "X-Storage-Url"))
                let token = try requireHeader(auth.headers.first(name: "X-Auth-Token"))
                let swiftPids = swiftPidDirectory.map(Self.pids(in:)) ?? []
                for workload in Self.workloads {
                    rows += try await measure("Swift", http: http, account: storage, token: token, workload: workload, pids: swiftPids)
                }
            }
            printTable(
                "Object store: Kumo vs OpenStack Swift, same client, same run (3 replicas, fsync, listings updated)",
                headers: ["server", "phase", "size", "conc", "ops/s", "MiB/s", "p50 ms", "p99 ms", "server CPU ms/op"], rows: rows)
            if hugeMiB > 0, let proxy = cloud.processIDs["proxy"] {
                try await huge(http: http, account: account, token: session.token, proxy: proxy)
            }
        }
    }

    /// PUT, GET and DELETE of `workload.count` objects; one row per phase.
    func measure(
        _ server: String, http: KumoHTTPClient, account: String, token: String, workload: Workload, pids: [Int32]
    ) async throws -> [[String]] {
        let container = "bench-\(workload.size)-\(UUID().uuidString.prefix(6))"
        try await http.send(.PUT, "\(account)/\(container)", token: token)
        let body = ByteBuffer(repeating: 0x6B, count: workload.size)
        var rows: [[String]] = []
        for phase in ["PUT", "GET", "DELETE"] {
            let cpuBefore = ProcessCPU.seconds(of: pids)
            let outcome = try await LoadRunner.run(concurrency: workload.concurrency, count: workload.count) { index in
                var request = HTTPClientRequest(url: "\(account)/\(container)/o\(index)")
                request.headers.add(name: "X-Auth-Token", value: token)
                switch phase {
                case "PUT":
                    request.method = .PUT
                    request.body = .bytes(body)
                case "GET": request.method = .GET
                default: request.method = .DELETE
                }
                let response = try await http.http.execute(request, timeout: .seconds(120))
                var received = 0
                for try await chunk in response.body { received += chunk.readableBytes }
                guard response.status.code < 300, phase != "GET" || received == workload.size else {
                    throw BenchError.failed("\(phase) o\(index): HTTP \(response.status.code), \(received) bytes")
                }
            }
            let cpu = ProcessCPU.seconds(of: pids) - cpuBefore
            rows.append(outcome.row(server: server, phase: phase, size: workload.size, concurrency: workload.concurrency, cpu: cpu))
        }
        return rows
    }

    /// Streams one `hugeMiB` object up and down through the proxy and reports its peak memory.
    func huge(http: KumoHTTPClient, account: String, token: String, proxy: Int32) async throws {
        let size = hugeMiB << 20
        let before = ProcessCPU.peakResidentMiB(of: proxy)
        try await http.send(.PUT, "\(account)/huge", token: token)
        var put = HTTPClientRequest(url: "\(account)/huge/object")
        put.method = .PUT
        put.headers.add(name: "X-Auth-Token", value: token)
        put.body = .stream(GeneratedBytes(total: size), length: .known(Int64(size)))
        let start = ContinuousClock.now
        let stored = try await http.http.execute(put, timeout: .seconds(600))
        _ = try await stored.body.collect(upTo: 1 << 16)
        let putSeconds = (ContinuousClock.now - start).seconds
        var get = HTTPClientRequest(url: "\(account)/huge/object")
        get.headers.add(name: "X-Auth-Token", value: token)
        let getStart = ContinuousClock.now
        let response = try await http.http.execute(get, timeout: .seconds(600))
        var received = 0
        for try await chunk in response.body { received += chunk.readableBytes }
        let getSeconds = (ContinuousClock.now - getStart).seconds
        printTable(
            "Proxy memory while streaming one \(hugeMiB) MiB object (peak resident set of kumod object-proxy)",
            headers: ["PUT MiB/s", "GET MiB/s", "bytes back", "proxy peak before MiB", "proxy peak after MiB"],
            rows: [[
                String(format: "%.0f", Double(hugeMiB) / putSeconds), String(format: "%.0f", Double(hugeMiB) / getSeconds),
                String(received), String(before), String(ProcessCPU.peakResidentMiB(of: proxy)),
            ]])
    }

    static func pids(in directory: String) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".pid") }.compactMap {
            (try? String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }
}

/// `size` bytes of a repeating pattern, produced as they are sent.
struct GeneratedBytes: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let total: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: Int
        mutating func next() async -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let count = Swift.min(remaining, 1 << 20)
            remaining -= count
            return ByteBuffer(repeating: 0x4B, count: count)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: total) }
}

/// A benchmark step that went wrong.
enum BenchError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self {
        case .failed(let what): what
        }
    }
}

func requireHeader(_ value: String?) throws -> String {
    guard let value else { throw BenchError.failed("Swift's auth answered without a storage URL or token") }
    return value
}
