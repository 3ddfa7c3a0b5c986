import Crypto
import KumoCore

/// The MAC address of an instance's NIC.
enum MACAddress {
    /// `52:54:00:xx:xx:xx` (QEMU's locally administered prefix), the last three bytes from the SHA-256
    /// of `uuid`: the same instance always gets the same address.
    static func derived(from uuid: String) -> String {
        let digest = SHA256.hash(data: Array(uuid.lowercased().utf8))
        return ([0x52, 0x54, 0x00] + digest.prefix(3)).map { [$0].lowercaseHex }.joined(separator: ":")
    }
}
