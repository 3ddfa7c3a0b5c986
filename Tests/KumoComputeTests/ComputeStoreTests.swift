import Foundation
import HTTPTypes
import KumoCore
import KumoHTTP
import KumoRPC
import KumoTesting
import Testing

@testable import KumoCompute

/// The compute database on a real SQLite file: flavors, quotas, the states an action needs, and the
/// updates the conductor applies with their events.
@Suite("Compute store: flavors, quotas, action states, conductor updates")
struct ComputeStoreTests {
    let directory: TemporaryDirectory
    let store: ComputeStore
    static let alice = Credentials(
        userID: "u-alice", userName: "alice", userDomainID: "default", projectID: "alice", domainID: nil, roles: ["member"],
        auditID: "a")
    static let bob = Credentials(
        userID: "u-bob", userName: "bob", userDomainID: "default", projectID: "bob", domainID: nil, roles: ["member"], auditID: "b")

    init() throws {
        directory = try TemporaryDirectory()
        store = try ComputeStore(path: ComputeStore.path(stateDirectory: directory.path))
    }

    func instances(_ count: Int, vcpus: Int = 1, memoryMB: Int = 512, project: String = "alice") async throws -> [InstanceRecord] {
        let flavor = try await store.flavor("1")
        let now = Date()
        return (0..<count).map { index in
            let uuid = UUID().uuidString.lowercased()
            let spec = InstanceSpec(
                uuid: uuid, name: "vm\(index)", hostname: "vm\(index)", projectID: project, userID: "u-\(project)",
                flavor: flavor.spec, image: ImageSpec(id: "image"))
            return InstanceRecord(
                uuid: uuid, name: spec.name, projectID: project, userID: spec.userID, host: nil, vmState: .building,
                taskState: .scheduling, powerState: .noState, vcpus: vcpus, memoryMB: memoryMB, serverGroupID: nil,
                reservationID: "r-1", launchIndex: index, spec: Stored(spec), fault: nil, createdAt: now, updatedAt: now,
                launchedAt: nil, deletedAt: nil, deleted: false)
        }
    }

    @Test("devstack's m1 flavors exist from the start; a duplicate id or name is a 409")
    func flavors() async throws {
        let names = try await store.flavors(includePrivate: true, minRAM: 0, minDisk: 0, marker: nil, limit: 100).map(\.record.name)
        #expect(names == ["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"])
        let tiny = try await store.flavor("1")
        var copy = tiny
        copy.record.id = "other"
        await #expect(throws: APIError.conflict("Flavor with name m1.tiny already exists.")) { try await store.insert(copy) }
        #expect(try await store.setExtraSpecs("1", ["hw:cpu_policy": "shared"]) == ["hw:cpu_policy": "shared"])
        await #expect(throws: APIError.self) { try await store.flavor("missing") }
    }

    @Test("a request over the project's quota is refused whole with the quota named, and stores nothing")
    func quota() async throws {
        try await store.create(try await instances(9), requestID: "req-1")
        let error = await #expect(throws: APIError.self) { try await store.create(try await instances(2), requestID: "req-2") }
        #expect(error?.status == .forbidden)
        #expect(error?.publicMessage == "Quota exceeded for instances: Requested 2, but already used 9 of 10 instances")
        let query = try ServerQuery(parameters: [:], credentials: Self.alice)
        #expect(try await store.instances(query).count == 9)
        // Another project's quota is its own.
        try await store.create(try await instances(2, project: "bob"), requestID: "req-3")
        let cores = await #expect(throws: APIError.self) {
            try await store.create(try await instances(1, vcpus: 12), requestID: "req-4")
        }
        #expect(cores?.publicMessage.hasPrefix("Quota exceeded for cores") == true)
    }

    @Test("an action needs its vm state and no other task; it sets the task state and records the action")
    func actionStates() async throws {
        let record = try await instances(1)[0]
        try await store.create([record], requestID: "req-create")
        // Building with a task running: pause is refused, delete is not.
        await #expect(throws: APIError.self) { try await store.begin(.of(.pause), on: record.uuid, by: Self.alice, requestID: "r") }
        _ = try await store.apply(.init(uuid: record.uuid, host: "h1", vmState: .active, taskState: .idle, powerState: .running))
        let pausing = try await store.begin(.of(.pause), on: record.uuid, by: Self.alice, requestID: "req-pause")
        #expect(pausing.taskState == .pausing)
        await #expect(throws: APIError.self) { try await store.begin(.of(.unpause), on: record.uuid, by: Self.alice, requestID: "r2") }
        // Another project's member does not see it at all.
        await #expect(throws: APIError.notFound("Instance \(record.uuid) could not be found.")) {
            try await store.begin(.of(.stop), on: record.uuid, by: Self.bob, requestID: "r3")
        }
        // An update for another task is not applied.
        await #expect(throws: InstanceUpdateError.self) {
            try await store.apply(.init(uuid: record.uuid, vmState: .stopped, expectedTaskStates: [.poweringOff]))
        }
        let event = ConductorAPI.ActionEvent(requestID: "req-pause", name: "compute_pause_instance", host: "h1")
        _ = try await store.apply(.init(uuid: record.uuid, event: event))
        var finished = event
        finished.result = .success
        let paused = try await store.apply(
            .init(uuid: record.uuid, vmState: .paused, taskState: .idle, powerState: .paused, expectedTaskStates: [.pausing], event: finished))
        #expect(ServerStatus.of(paused.vmState, paused.taskState) == "PAUSED")
        let actions = try await store.actions(of: record.uuid, by: Self.alice)
        #expect(actions.map(\.action.action) == ["pause", "create"])
        #expect(actions[0].events.map(\.event) == ["compute_pause_instance"])
        #expect(actions[0].events[0].result == "Success")
        #expect(actions[0].events[0].finishTime != nil)
    }

    @Test("a deleted instance takes no more updates and leaves the listing")
    func deleted() async throws {
        let record = try await instances(1)[0]
        try await store.create([record], requestID: "req")
        #expect(try await store.markDeleted(record.uuid))
        #expect(try await !store.markDeleted(record.uuid))
        await #expect(throws: InstanceUpdateError.instanceGone(uuid: record.uuid)) {
            try await store.apply(.init(uuid: record.uuid, vmState: .active))
        }
        #expect(try await store.instances(try ServerQuery(parameters: [:], credentials: Self.alice)).isEmpty)
    }
}
