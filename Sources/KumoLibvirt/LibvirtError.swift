import CLibvirt

/// A failed libvirt call: what was attempted and libvirt's own message.
public struct LibvirtError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    /// libvirt's error code (`virErrorNumber`), e.g. 42 for "domain not found".
    public let code: Int32

    /// The calling thread's last libvirt error.
    static func last(_ operation: String) -> LibvirtError {
        guard let error = virGetLastError() else { return LibvirtError(operation: operation, message: "unknown error", code: -1) }
        return LibvirtError(
            operation: operation, message: error.pointee.message.map { String(cString: $0) } ?? "unknown error",
            code: error.pointee.code)
    }

    public var description: String { "\(operation): \(message)" }

    /// libvirt refused because of the domain's state, e.g. destroying a domain that is not running.
    public var isInvalidOperation: Bool { code == Int32(VIR_ERR_OPERATION_INVALID.rawValue) }
}
