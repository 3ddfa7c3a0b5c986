import CLibvirt

/// A failed libvirt call: what was attempted and libvirt's own message.
public struct LibvirtError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    /// libvirt's error code (`virErrorNumber`), e.g. 42 for "domain not found".
    public let code: Int32

    /// The calling thread's last libvirt error. `operation` is evaluated only after the error is read:
    /// libvirt calls in it (`virDomainGetName` for a domain's name) reset the last error.
    static func last(_ operation: @autoclosure () -> String) -> LibvirtError {
        let error = virGetLastError().map { ($0.pointee.message.map { String(cString: $0) }, $0.pointee.code) }
        return LibvirtError(operation: operation(), message: error?.0 ?? "unknown error", code: error?.1 ?? -1)
    }

    public var description: String { "\(operation): \(message)" }

    /// libvirt refused because of the domain's state, e.g. destroying a domain that is not running.
    public var isInvalidOperation: Bool { code == Int32(VIR_ERR_OPERATION_INVALID.rawValue) }
}
