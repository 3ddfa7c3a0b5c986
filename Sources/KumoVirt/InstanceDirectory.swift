/// The files of one instance, in `<instances directory>/<uuid>/`.
public struct InstanceDirectory: Sendable, Equatable {
    public let path: String

    public init(instancesDirectory: String, uuid: String) {
        path = "\(instancesDirectory)/\(uuid)"
    }

    /// The root disk: a qcow2 overlay on the cached base image.
    public var disk: String { "\(path)/disk.qcow2" }
    /// The config drive (ISO9660, label `config-2`).
    public var configDrive: String { "\(path)/config.iso" }
    /// The serial console, appended to across reboots and restores.
    public var consoleLog: String { "\(path)/console.log" }
    /// The domain XML last defined, kept for inspection.
    public var domainXML: String { "\(path)/domain.xml" }

    /// Whether `name` can be used as one file name: not empty, no `/`, not starting with a dot.
    static func isSafeFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && !name.contains("\0")
    }
}
