import KumoRing
import Logging

/// The account, container and object rings of a cluster, reloaded when their files change.
struct ObjectRings: Sendable {
    let account: ReloadingRing
    let container: ReloadingRing
    let object: ReloadingRing

    init(settings: ObjectSettings, logger: Logger, checkInterval: Duration = .seconds(5)) throws {
        func load(_ kind: RingKind) throws -> ReloadingRing {
            do {
                return try ReloadingRing(
                    path: settings.ringFile(kind), secret: settings.secret, checkInterval: checkInterval,
                    onError: { error in
                        logger.error("cannot reload a ring: keeping the previous one", metadata: ["error": "\(error)"])
                    })
            } catch {
                throw ObjectStoreError.noRing(kind: kind.rawValue, reason: "\(error)")
            }
        }
        account = try load(.account)
        container = try load(.container)
        object = try load(.object)
    }

    func ring(_ kind: RingKind) -> ReloadingRing {
        switch kind {
        case .account: account
        case .container: container
        case .object: object
        }
    }
}

/// Why an object store service cannot start.
public enum ObjectStoreError: Error, CustomStringConvertible {
    case noRing(kind: String, reason: String)
    case unknownNode(String)
    case portsDiffer(node: String, ring: String)

    public var description: String {
        switch self {
        case .noRing(let kind, let reason):
            "no usable \(kind) ring (\(reason)); build the rings with `kumod object ring`"
        case .unknownNode(let node): "no ring has devices of storage node \(node) (devices whose meta is \(node))"
        case .portsDiffer(let node, let ring): "the devices of \(node) in the \(ring) ring use several ports; give them one"
        }
    }
}
