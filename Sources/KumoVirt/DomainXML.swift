import KumoRPC

/// The libvirt domain XML of an instance: `pc` machine with ACPI, a virtio root disk (vda), the config
/// drive as a read-only raw virtio disk (vdb), one virtio NIC on the host's bridge, the serial console
/// appended to a file, and Kumo's metadata (project, flavor, image).
public struct DomainXML: Sendable {
    /// The namespace of Kumo's element in `<metadata>`.
    public static let metadataNamespace = "https://kumo.invalid/instance/1"
    /// Domain names are this prefix and the instance UUID.
    public static let namePrefix = "kumo-"

    public let instance: InstanceSpec
    public let virtType: VirtType
    public let files: InstanceDirectory
    public let bridge: String

    public init(instance: InstanceSpec, virtType: VirtType, files: InstanceDirectory, bridge: String) {
        self.instance = instance
        self.virtType = virtType
        self.files = files
        self.bridge = bridge
    }

    public static func domainName(uuid: String) -> String { namePrefix + uuid }

    public var text: String {
        let flavor = instance.flavor
        return """
            <domain type='\(virtType.rawValue)'>
              <name>\(Self.domainName(uuid: instance.uuid).xmlEscaped)</name>
              <uuid>\(instance.uuid.xmlEscaped)</uuid>
              <metadata>
                <kumo:instance xmlns:kumo='\(Self.metadataNamespace)'>
                  <kumo:name>\(instance.name.xmlEscaped)</kumo:name>
                  <kumo:project>\(instance.projectID.xmlEscaped)</kumo:project>
                  <kumo:user>\(instance.userID.xmlEscaped)</kumo:user>
                  <kumo:flavor id='\(flavor.id.xmlEscaped)'>\(flavor.name.xmlEscaped)</kumo:flavor>
                  <kumo:image>\(instance.image.id.xmlEscaped)</kumo:image>
                </kumo:instance>
              </metadata>
              <memory unit='MiB'>\(flavor.memoryMB)</memory>
              <vcpu>\(flavor.vcpus)</vcpu>
              <os><type machine='pc'>hvm</type><boot dev='hd'/></os>
              <features><acpi/></features>
              <clock offset='utc'/>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='\(files.disk.xmlEscaped)'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='\(files.configDrive.xmlEscaped)'/>
                  <target dev='vdb' bus='virtio'/>
                  <readonly/>
                </disk>
                <interface type='bridge'>
                  <source bridge='\(bridge.xmlEscaped)'/>
                  <mac address='\(MACAddress.derived(from: instance.uuid))'/>
                  <model type='virtio'/>
                </interface>
                <serial type='file'>
                  <source path='\(files.consoleLog.xmlEscaped)' append='on'/>
                  <target port='0'/>
                </serial>
                <memballoon model='none'/>
              </devices>
            </domain>

            """
    }
}

extension String {
    /// The string with XML's five special characters escaped, for text and attribute values alike.
    var xmlEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "'": escaped += "&apos;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
