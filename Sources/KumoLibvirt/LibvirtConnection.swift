import CLibvirt

#if canImport(Glibc)
import Glibc
#endif

/// A connection to one libvirtd through libvirt's C API (thread-safe, as libvirt connections are).
///
/// Calls block for as long as libvirtd takes: run them off the cooperative pool.
public final class LibvirtConnection: @unchecked Sendable {
    let pointer: virConnectPtr
    public let uri: String

    /// Opens `uri`, e.g. a `LibvirtHost`'s `qemu+unix:///system?socket=…`.
    public init(uri: String) throws(LibvirtError) {
        Self.quietErrors
        guard let pointer = virConnectOpen(uri) else { throw .last("open \(uri)") }
        self.pointer = pointer
        self.uri = uri
    }

    deinit {
        virConnectClose(pointer)
    }

    /// Stops libvirt from printing every error to stderr (a missing domain is an answer, not a
    /// failure); errors still reach callers as `LibvirtError`.
    private static let quietErrors: Void = {
        let ignore: @convention(c) (UnsafeMutableRawPointer?, virErrorPtr?) -> Void = { _, _ in }
        virSetErrorFunc(nil, ignore)
    }()

    /// Defines a persistent domain from its XML (or updates its definition).
    public func define(xml: String) throws(LibvirtError) -> LibvirtDomain {
        guard let domain = virDomainDefineXML(pointer, xml) else { throw .last("define domain") }
        return LibvirtDomain(pointer: domain, connection: self)
    }

    /// The domain named `name`, or nil when there is none.
    public func domain(named name: String) throws(LibvirtError) -> LibvirtDomain? {
        guard let domain = virDomainLookupByName(pointer, name) else {
            let error = LibvirtError.last("look up domain \(name)")
            if error.code == Int32(VIR_ERR_NO_DOMAIN.rawValue) { return nil }
            throw error
        }
        return LibvirtDomain(pointer: domain, connection: self)
    }

    /// The domain whose UUID is `uuid`, or nil when there is none.
    public func domain(uuid: String) throws(LibvirtError) -> LibvirtDomain? {
        guard let domain = virDomainLookupByUUIDString(pointer, uuid) else {
            let error = LibvirtError.last("look up domain \(uuid)")
            if error.code == Int32(VIR_ERR_NO_DOMAIN.rawValue) { return nil }
            throw error
        }
        return LibvirtDomain(pointer: domain, connection: self)
    }

    /// Every domain, running or only defined.
    public func domains() throws(LibvirtError) -> [LibvirtDomain] {
        var list: UnsafeMutablePointer<virDomainPtr?>?
        let count = virConnectListAllDomains(pointer, &list, 0)
        guard count >= 0, let list else { throw .last("list domains") }
        defer { free(list) }
        return (0..<Int(count)).compactMap { index in
            list[index].map { LibvirtDomain(pointer: $0, connection: self) }
        }
    }

    /// The names of every domain, running or only defined.
    public func domainNames() throws(LibvirtError) -> [String] {
        try domains().map(\.name)
    }
}
