import CLibvirt

/// A domain lifecycle change libvirt reported.
public struct DomainLifecycleEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case defined, undefined, started, suspended, resumed, stopped, shutdown, pmsuspended, crashed, other
    }

    /// Why a domain stopped (the detail of a `stopped` event).
    public enum StopReason: Sendable {
        case shutdown, destroyed, crashed, migrated, saved, failed, fromSnapshot, other
    }

    public let domain: String
    /// The domain's UUID in lowercase text form.
    public let uuid: String
    public let kind: Kind
    /// libvirt's detail code for the kind (e.g. why it stopped).
    public let detail: Int32

    /// Why the domain stopped, for a `stopped` event; nil for other kinds.
    public var stopReason: StopReason? {
        guard kind == .stopped else { return nil }
        return StopReason(detail)
    }
}

extension LibvirtConnection {
    /// Every lifecycle event of every domain of this connection, until the stream is dropped.
    /// `LibvirtEventLoop.start()` must have run before this connection was opened.
    public func lifecycleEvents() throws(LibvirtError) -> AsyncStream<DomainLifecycleEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: DomainLifecycleEvent.self, bufferingPolicy: .unbounded)
        let box = Unmanaged.passRetained(EventSink(continuation)).toOpaque()
        let callback: @convention(c) (virConnectPtr?, virDomainPtr?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = {
            _, domain, event, detail, opaque in
            guard let opaque, let domain else { return 0 }
            let sink = Unmanaged<EventSink>.fromOpaque(opaque).takeUnretainedValue()
            let name = virDomainGetName(domain).map { String(cString: $0) } ?? ""
            sink.continuation.yield(
                DomainLifecycleEvent(domain: name, uuid: uuidString(of: domain), kind: .init(event), detail: detail))
            return 0
        }
        let free: @convention(c) (UnsafeMutableRawPointer?) -> Void = { opaque in
            guard let opaque else { return }
            Unmanaged<EventSink>.fromOpaque(opaque).takeRetainedValue().continuation.finish()
        }
        let id = virConnectDomainEventRegisterAny(
            pointer, nil, Int32(VIR_DOMAIN_EVENT_ID_LIFECYCLE.rawValue),
            unsafeBitCast(callback, to: virConnectDomainEventGenericCallback.self), box, free)
        guard id >= 0 else {
            Unmanaged<EventSink>.fromOpaque(box).release()
            throw .last("register for lifecycle events")
        }
        continuation.onTermination = { [self] _ in _ = virConnectDomainEventDeregisterAny(pointer, id) }
        return stream
    }
}

/// Where the C callback hands events to Swift.
private final class EventSink: Sendable {
    let continuation: AsyncStream<DomainLifecycleEvent>.Continuation

    init(_ continuation: AsyncStream<DomainLifecycleEvent>.Continuation) {
        self.continuation = continuation
    }
}

extension DomainLifecycleEvent.Kind {
    init(_ event: Int32) {
        switch UInt32(event) {
        case VIR_DOMAIN_EVENT_DEFINED.rawValue: self = .defined
        case VIR_DOMAIN_EVENT_UNDEFINED.rawValue: self = .undefined
        case VIR_DOMAIN_EVENT_STARTED.rawValue: self = .started
        case VIR_DOMAIN_EVENT_SUSPENDED.rawValue: self = .suspended
        case VIR_DOMAIN_EVENT_RESUMED.rawValue: self = .resumed
        case VIR_DOMAIN_EVENT_STOPPED.rawValue: self = .stopped
        case VIR_DOMAIN_EVENT_SHUTDOWN.rawValue: self = .shutdown
        case VIR_DOMAIN_EVENT_PMSUSPENDED.rawValue: self = .pmsuspended
        case VIR_DOMAIN_EVENT_CRASHED.rawValue: self = .crashed
        default: self = .other
        }
    }
}

extension DomainLifecycleEvent.StopReason {
    init(_ detail: Int32) {
        switch UInt32(detail) {
        case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN.rawValue: self = .shutdown
        case VIR_DOMAIN_EVENT_STOPPED_DESTROYED.rawValue: self = .destroyed
        case VIR_DOMAIN_EVENT_STOPPED_CRASHED.rawValue: self = .crashed
        case VIR_DOMAIN_EVENT_STOPPED_MIGRATED.rawValue: self = .migrated
        case VIR_DOMAIN_EVENT_STOPPED_SAVED.rawValue: self = .saved
        case VIR_DOMAIN_EVENT_STOPPED_FAILED.rawValue: self = .failed
        case VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT.rawValue: self = .fromSnapshot
        default: self = .other
        }
    }
}
